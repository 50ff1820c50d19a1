using System.Collections;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Nvr.Configuration;

/// <summary>
/// Reads the configuration file (JSON; comments and trailing commas allowed) and applies
/// environment overrides <c>NVR__Section__Key</c> (<c>NVR__Http__Port=9090</c>,
/// <c>NVR__Cameras__0__Url=…</c>). Binding uses the configuration-binding source generator
/// (no reflection), so it works in the Native AOT binary.
/// </summary>
public static partial class ConfigLoader
{
    public const string DefaultPath = "/etc/nvr/nvr.json";
    public const string EnvPrefix = "NVR__";

    /// <summary>Loads, binds and validates. Throws <see cref="ConfigException"/> with a one-line message.</summary>
    /// <param name="environment">Environment variables; null reads the process environment.</param>
    public static NvrOptions Load(string path, IDictionary? environment = null)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new ConfigException(path, "configuration file not found");

        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder()
                .AddJsonFile(full, optional: false, reloadOnChange: false)
                .AddInMemoryCollection(EnvironmentOverrides(environment ?? Environment.GetEnvironmentVariables()))
                .Build();
        }
        catch (Exception e) when (e is FormatException or InvalidDataException or System.Text.Json.JsonException)
        {
            throw new ConfigException(path, "malformed JSON: " + OneLine(e.Message));
        }
        catch (IOException e)
        {
            throw new ConfigException(path, "cannot read: " + OneLine(e.Message));
        }

        var options = new NvrOptions();
        try
        {
            root.Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // "Failed to convert configuration value '70x' at 'Http:Port' to type 'System.Int32'."
            var m = BindError().Match(e.Message);
            var key = m.Success ? m.Groups["key"].Value : "(configuration)";
            var type = m.Success ? FriendlyType(m.Groups["type"].Value) : "the expected type";
            throw new ConfigException(key, $"value cannot be read as {type}");
        }

        NvrOptionsValidator.Validate(options);
        return options;
    }

    /// <summary>Environment variables with the <c>NVR__</c> prefix, as configuration keys.</summary>
    internal static IEnumerable<KeyValuePair<string, string?>> EnvironmentOverrides(IDictionary environment)
    {
        foreach (DictionaryEntry e in environment)
        {
            if (e.Key is string k && k.StartsWith(EnvPrefix, StringComparison.OrdinalIgnoreCase) && k.Length > EnvPrefix.Length)
            {
                yield return new(k[EnvPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), e.Value as string);
            }
        }
    }

    private static string FriendlyType(string clrType) => clrType switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Boolean" => "true or false",
        "System.Double" => "a number",
        _ => clrType,
    };

    private static string OneLine(string s)
    {
        var line = s.ReplaceLineEndings(" ").Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    [GeneratedRegex(@"at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex BindError();
}
