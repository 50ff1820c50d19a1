namespace Nvr.Media.Tests.Sdp;

/// <summary>Loads the vendor SDPs kept in corpus/sdp (they double as fuzz seeds).</summary>
internal static class SdpFixtures
{
    public static byte[] Load(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "corpus", "sdp", name));

    public static Nvr.Media.Sdp.SdpSession Parse(string name) => Nvr.Media.Sdp.SdpParser.Parse(Load(name));
}
