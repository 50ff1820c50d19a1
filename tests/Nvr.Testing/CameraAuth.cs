namespace Nvr.Testing;

/// <summary>RTSP authentication a <see cref="FakeCamera"/> demands (RFC 2326 §D.1 / RFC 7826 §19.1).</summary>
public enum CameraAuth
{
    /// <summary>Anyone may watch.</summary>
    None,

    /// <summary>HTTP Basic (RFC 7617).</summary>
    Basic,

    /// <summary>HTTP Digest (RFC 2617, MD5).</summary>
    Digest,
}
