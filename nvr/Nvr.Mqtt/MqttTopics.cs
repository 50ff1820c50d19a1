using System.Buffers;

namespace Nvr.Mqtt;

/// <summary>
/// Every topic nvr publishes or subscribes to, built from the prefixes (pure; documented in
/// <c>nvr/design/mqtt.md</c>). Topic syntax: MQTT 3.1.1 §4.7 — levels separated by '/', the
/// wildcards '+' and '#' only in filters, UTF-8, at most 65535 bytes.
/// </summary>
/// <remarks>
/// <code>
/// &lt;prefix&gt;/available                 online | offline (retained, also the last will)
/// &lt;prefix&gt;/&lt;camera&gt;/status           online | offline | unauthorized | error (retained)
/// &lt;prefix&gt;/&lt;camera&gt;/status/reason    text (retained)
/// &lt;prefix&gt;/&lt;camera&gt;/motion           ON | OFF (retained)
/// &lt;prefix&gt;/&lt;camera&gt;/recording        ON | OFF (retained)
/// &lt;prefix&gt;/&lt;camera&gt;/recording/set    ON | OFF (command, subscribed)
/// &lt;prefix&gt;/&lt;camera&gt;/ptz              MOVE_LEFT | … | STOP | PRESET_&lt;name&gt; (command, subscribed)
/// &lt;prefix&gt;/&lt;camera&gt;/snapshot         JPEG bytes (retained)
/// &lt;prefix&gt;/events                    JSON event life cycle
/// &lt;prefix&gt;/stats                     JSON, every StatsIntervalSeconds (retained)
/// &lt;discovery&gt;/&lt;component&gt;/&lt;node&gt;/&lt;object&gt;/config   Home Assistant discovery (retained)
/// &lt;discovery&gt;/status                 Home Assistant's birth/last will (subscribed)
/// </code>
/// </remarks>
public sealed class MqttTopics
{
    /// <summary>Longest prefix accepted: far below MQTT's 64 KiB, long enough for <c>site/building/nvr</c>.</summary>
    public const int MaxPrefixLength = 128;

    private static readonly SearchValues<char> NodeIdChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    public MqttTopics(string prefix, string discoveryPrefix, string nodeId)
    {
        if (!IsValidPrefix(prefix)) throw new ArgumentException($"invalid topic prefix '{prefix}'", nameof(prefix));
        if (!IsValidPrefix(discoveryPrefix)) throw new ArgumentException($"invalid discovery prefix '{discoveryPrefix}'", nameof(discoveryPrefix));
        if (!IsValidId(nodeId)) throw new ArgumentException($"invalid node id '{nodeId}'", nameof(nodeId));
        Prefix = prefix;
        DiscoveryPrefix = discoveryPrefix;
        NodeId = nodeId;
    }

    public string Prefix { get; }
    public string DiscoveryPrefix { get; }
    public string NodeId { get; }

    public string Available => Prefix + "/available";
    public string Events => Prefix + "/events";
    public string Stats => Prefix + "/stats";
    public string DiscoveryStatus => DiscoveryPrefix + "/status";

    /// <summary>Subscription filter for every camera's <c>recording/set</c>.</summary>
    public string RecordingSetFilter => Prefix + "/+/recording/set";

    /// <summary>Subscription filter for every camera's <c>ptz</c>.</summary>
    public string PtzFilter => Prefix + "/+/ptz";

    public string Status(string camera) => CameraTopic(camera, "/status");
    public string StatusReason(string camera) => CameraTopic(camera, "/status/reason");
    public string Motion(string camera) => CameraTopic(camera, "/motion");
    public string Recording(string camera) => CameraTopic(camera, "/recording");
    public string RecordingSet(string camera) => CameraTopic(camera, "/recording/set");
    public string Ptz(string camera) => CameraTopic(camera, "/ptz");
    public string Snapshot(string camera) => CameraTopic(camera, "/snapshot");

    /// <summary>Home Assistant: <c>&lt;discovery&gt;/&lt;component&gt;/&lt;node&gt;/&lt;object&gt;/config</c>.</summary>
    public string DiscoveryConfig(string component, string objectId)
    {
        if (!IsValidId(component)) throw new ArgumentException($"invalid component '{component}'", nameof(component));
        // Object ids are "<camera>_<entity>": longer than a camera id, same characters.
        if (objectId.Length is 0 or > 128 || objectId.AsSpan().ContainsAnyExcept(NodeIdChars))
        {
            throw new ArgumentException($"invalid object id '{objectId}'", nameof(objectId));
        }
        return $"{DiscoveryPrefix}/{component}/{NodeId}/{objectId}/config";
    }

    /// <summary>
    /// Recognises <c>&lt;prefix&gt;/&lt;camera&gt;/recording/set</c> and <c>&lt;prefix&gt;/&lt;camera&gt;/ptz</c>.
    /// </summary>
    public bool TryParseCommand(string topic, out string camera, out MqttCommandKind kind)
    {
        camera = "";
        kind = default;
        if (topic.Length <= Prefix.Length + 1 || !topic.StartsWith(Prefix, StringComparison.Ordinal) || topic[Prefix.Length] != '/') return false;
        var rest = topic.AsSpan(Prefix.Length + 1);
        int slash = rest.IndexOf('/');
        if (slash <= 0) return false;
        var id = rest[..slash];
        var tail = rest[(slash + 1)..];
        if (tail.SequenceEqual("recording/set")) kind = MqttCommandKind.SetRecording;
        else if (tail.SequenceEqual("ptz")) kind = MqttCommandKind.Ptz;
        else return false;
        if (!IsValidId(id)) return false;
        camera = id.ToString();
        return true;
    }

    /// <summary>
    /// A topic prefix: 1–128 characters, no wildcard, no empty level (so no leading, trailing or
    /// double '/'), no NUL (MQTT 3.1.1 §1.5.3), not starting with '$' (reserved for brokers, §4.7.2).
    /// </summary>
    public static bool IsValidPrefix(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix) || prefix.Length > MaxPrefixLength) return false;
        if (prefix[0] == '$' || prefix[0] == '/' || prefix[^1] == '/') return false;
        if (prefix.Contains("//", StringComparison.Ordinal)) return false;
        foreach (char c in prefix)
        {
            if (c is '+' or '#' || char.IsControl(c)) return false;
        }

        return true;
    }

    /// <summary>A single topic level usable as camera id, node id or object id: [A-Za-z0-9_-], 1–64 chars.</summary>
    public static bool IsValidId(ReadOnlySpan<char> id) =>
        id.Length is > 0 and <= 64 && !id.ContainsAnyExcept(NodeIdChars);

    /// <summary>Makes a node id from any text: characters outside [A-Za-z0-9_-] become '_'.</summary>
    public static string ToNodeId(string text)
    {
        if (string.IsNullOrEmpty(text)) return "nvr";
        var chars = text.Length > 64 ? text[..64].ToCharArray() : text.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!NodeIdChars.Contains(chars[i])) chars[i] = '_';
        }

        return new string(chars);
    }

    private string CameraTopic(string camera, string suffix)
    {
        if (!IsValidId(camera)) throw new ArgumentException($"invalid camera id '{camera}'", nameof(camera));
        return string.Concat(Prefix, "/", camera, suffix);
    }
}
