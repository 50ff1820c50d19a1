using System.Text;
using Nvr.Rtsp.Auth;
using Nvr.Rtsp.Headers;

namespace Nvr.Rtsp.Tests.Support;

/// <summary>A camera script for <see cref="FakeRtspServer"/>: Hikvision-like answers, optional digest auth.</summary>
internal sealed class ScriptedCamera
{
    public const string Sdp =
        "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=Media Presentation\r\nt=0 0\r\na=control:*\r\n" +
        "m=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1;sprop-parameter-sets=Z0IAHpWoKA9k,aM48gA==\r\na=control:trackID=1\r\n" +
        "m=audio 0 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\na=control:trackID=2\r\n" +
        "m=application 0 RTP/AVP 107\r\na=rtpmap:107 vnd.onvif.metadata/90000\r\na=control:trackID=3\r\n";

    public string? User { get; init; }
    public string? Password { get; init; }
    public string Realm { get; init; } = "IP Camera(C1234)";
    public string Nonce { get; set; } = "nonce-1";
    public string Public { get; init; } = "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER";
    public int SessionTimeout { get; init; } = 60;
    public string ContentBase { get; init; } = "rtsp://cam/Streaming/Channels/101/";
    public string? MulticastReply { get; init; }
    /// <summary>Set to make the next authorized request fail once with stale=TRUE and a new nonce.</summary>
    public string? RotateNonceTo { get; set; }
    public List<string> AuthorizationResults { get; } = [];

    public RtspResponse? Handle(FakeRtspServer server, InMemoryConnection c, RtspRequest r)
    {
        if (User is not null)
        {
            var denied = CheckAuth(r);
            if (denied is not null) return denied;
        }
        var res = new RtspResponse(200);
        switch (r.Method)
        {
            case RtspMethods.Options:
                res.Headers.Add("Public", Public);
                break;
            case RtspMethods.Describe:
                res.Headers.Add("Content-Base", ContentBase).Add("Content-Type", "application/sdp");
                res.Body = Encoding.ASCII.GetBytes(Sdp);
                break;
            case RtspMethods.Setup:
                {
                    var t = RtspTransport.ParseList(r.Headers["Transport"]).Single();
                    string reply = t.IsTcp ? t.ToString() + ";ssrc=1234ABCD"
                        : t.IsMulticast ? MulticastReply ?? "RTP/AVP;multicast"
                        : $"RTP/AVP;unicast;client_port={t.ClientPort};server_port=6970-6971;ssrc=00AA";
                    res.Headers.Add("Transport", reply).Add("Session", $"SESS1;timeout={SessionTimeout}");
                    break;
                }
            case RtspMethods.Play:
                res.Headers.Add("Session", "SESS1").Add("Range", "npt=now-")
                   .Add("RTP-Info", $"url={ContentBase}trackID=1;seq=100;rtptime=9000,url={ContentBase}trackID=2;seq=7;rtptime=160");
                break;
        }
        return res;
    }

    private RtspResponse? CheckAuth(RtspRequest r)
    {
        string result = "none";
        if (RtspAuthorization.TryParse(r.Headers["Authorization"], out var auth))
        {
            string ha1 = DigestVerifier.ComputeHa1(DigestAlgorithm.Md5, User!, Realm, Password!);
            result = DigestVerifier.Verify(auth, r.Method, ha1, Realm, Nonce).ToString();
            if (result == nameof(DigestVerifyResult.Valid) && RotateNonceTo is not null)
            {
                Nonce = RotateNonceTo;
                RotateNonceTo = null;
                result = "Rotated";
            }
        }
        lock (AuthorizationResults) AuthorizationResults.Add($"{r.Method}:{result}");
        if (result == nameof(DigestVerifyResult.Valid)) return null;
        var res = new RtspResponse(401);
        bool stale = result is "Rotated" or nameof(DigestVerifyResult.Stale);
        res.Headers.Add("WWW-Authenticate", RtspAuthChallenge.FormatDigest(Realm, Nonce, stale: stale));
        res.Headers.Add("WWW-Authenticate", $"Basic realm=\"{Realm}\"");
        return res;
    }
}
