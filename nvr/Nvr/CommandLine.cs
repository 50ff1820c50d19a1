namespace Nvr;

/// <summary>
/// <c>nvr [--config FILE] [--check-config] [--version] [--help]</c>. The config path also comes from
/// <c>NVR_CONFIG</c>; the flag wins.
/// </summary>
internal sealed record CommandLine(string ConfigPath, bool CheckOnly, bool ShowVersion, bool ShowHelp, bool DumpIndex = false, bool VerifyIndex = false)
{
    public const string Usage = """
        usage: nvr [--config FILE] [--check-config] [--dump-index] [--verify-index] [--version] [--help]
          --config FILE    configuration file (default: $NVR_CONFIG, else /etc/nvr/nvr.json)
          --check-config   validate the configuration and exit (0 = valid)
          --dump-index     recover the recordings index from the files and print it (nvr stopped)
          --verify-index   recover, then compare the index with a fresh scan of the files (0 = equal)
          --version        print the version and exit
        """;

    public static CommandLine Parse(string[] args, string? envConfig)
    {
        string? config = null;
        bool check = false, version = false, help = false, dump = false, verify = false;
        for (int i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--config" or "-c":
                    if (i + 1 >= args.Length) throw new ArgumentException("--config needs a file name");
                    config = args[++i];
                    break;
                case var a when a.StartsWith("--config=", StringComparison.Ordinal):
                    config = a["--config=".Length..];
                    break;
                case "--check-config":
                    check = true;
                    break;
                case "--dump-index":
                    dump = true;
                    break;
                case "--verify-index":
                    verify = true;
                    break;
                case "--version":
                    version = true;
                    break;
                case "--help" or "-h":
                    help = true;
                    break;
                default:
                    throw new ArgumentException($"unknown argument '{args[i]}'");
            }
        }
        return new CommandLine(config ?? (string.IsNullOrEmpty(envConfig) ? Configuration.ConfigLoader.DefaultPath : envConfig), check, version, help, dump, verify);
    }
}
