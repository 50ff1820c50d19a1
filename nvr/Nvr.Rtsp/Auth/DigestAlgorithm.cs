namespace Nvr.Rtsp.Auth;

/// <summary>Digest algorithms (RFC 7616 §3.3; RFC 2617 §3.2.1 for MD5/MD5-sess).</summary>
public enum DigestAlgorithm
{
    Md5,
    Md5Sess,
    Sha256,
    Sha256Sess,
}
