using Nvr.Onvif.Soap;

namespace Nvr.Onvif.Events;

/// <summary>
/// Event service responses (ONVIF Core §9.1: CreatePullPointSubscription, PullMessages; OASIS
/// WS-BaseNotification 1.3 §6.1 Renew) and notification messages (§9.2):
/// <code>
/// NotificationMessage/
///   Topic (Dialect=…/ConcreteSet)   "tns1:RuleEngine/CellMotionDetector/Motion"
///   Message/Message[@UtcTime, @PropertyOperation]/
///     Source/SimpleItem[@Name,@Value]*
///     Data/SimpleItem[@Name,@Value]*
/// </code>
/// Throws only <see cref="OnvifMalformedResponseException"/>.
/// </summary>
internal static class EventResponseParser
{
    /// <summary>At most this many notifications are taken from one PullMessages answer (we ask for 100).</summary>
    public const int MaxMessages = 1000;

    private const int MaxItems = 32;

    public static OnvifPullPointSubscription ParseCreatePullPointSubscription(XmlElementNode body, Uri? endpoint = null)
    {
        var r = SoapResponseReader.ResponseElement(body, "CreatePullPointSubscriptionResponse", endpoint);
        var reference = r.Child("SubscriptionReference") ?? throw DeviceResponseParser.Missing("SubscriptionReference", endpoint);
        var address = OnvifUris.ParseHttp(reference.PathText("Address"))
            ?? throw new OnvifMalformedResponseException(OnvifResponseError.InvalidValue, "subscription reference has no usable Address", endpoint);
        var parameters = reference.Child("ReferenceParameters")?.Children.ToArray() ?? [];
        return new OnvifPullPointSubscription(address, XsdValues.ParseDateTime(r.PathText("TerminationTime")), XsdValues.ParseDateTime(r.PathText("CurrentTime")))
        {
            ReferenceParameters = parameters,
        };
    }

    public static (DateTimeOffset? Current, DateTimeOffset? Termination) ParseRenew(XmlElementNode body, Uri? endpoint = null)
    {
        var r = SoapResponseReader.ResponseElement(body, "RenewResponse", endpoint);
        return (XsdValues.ParseDateTime(r.PathText("CurrentTime")), XsdValues.ParseDateTime(r.PathText("TerminationTime")));
    }

    public static OnvifPullMessagesResult ParsePullMessages(XmlElementNode body, Uri? endpoint = null)
    {
        var r = SoapResponseReader.ResponseElement(body, "PullMessagesResponse", endpoint);
        var events = new List<OnvifEvent>();
        foreach (var n in r.ChildrenNamed("NotificationMessage"))
        {
            if (events.Count >= MaxMessages) break;
            if (ParseNotification(n) is { } e) events.Add(e);
        }

        return new OnvifPullMessagesResult(events, XsdValues.ParseDateTime(r.PathText("CurrentTime")), XsdValues.ParseDateTime(r.PathText("TerminationTime")));
    }

    /// <summary>One NotificationMessage, or null when it has no topic.</summary>
    public static OnvifEvent? ParseNotification(XmlElementNode notification)
    {
        var topicText = notification.PathText("Topic");
        if (string.IsNullOrEmpty(topicText)) return null;
        var topic = NormalizeTopic(topicText);
        // wsnt:Message wraps tt:Message; a few devices (older Uniview) put the items directly in wsnt:Message.
        var outer = notification.Child("Message");
        var message = outer?.Child("Message") ?? outer;
        var source = Items(message?.Child("Source"));
        var data = Items(message?.Child("Data"));
        var operation = message?.Attribute("PropertyOperation") switch
        {
            "Initialized" => OnvifPropertyOperation.Initialized,
            "Changed" => OnvifPropertyOperation.Changed,
            "Deleted" => OnvifPropertyOperation.Deleted,
            _ => OnvifPropertyOperation.None,
        };
        var (kind, stateItems) = Classify(topic);
        bool? state = null;
        foreach (var name in stateItems)
        {
            if (Find(data, name) is { } v && XsdValues.ParseBool(v) is { } b)
            {
                state = b;
                break;
            }
        }

        if (state is null && kind != OnvifEventKind.Other)
        {
            // Vendor items with other names (Axis "active"/"state"): the first boolean data item.
            foreach (var item in data)
            {
                if (XsdValues.ParseBool(item.Value) is { } b)
                {
                    state = b;
                    break;
                }
            }
        }

        return new OnvifEvent(kind, topic, state, operation, XsdValues.ParseDateTime(message?.Attribute("UtcTime")), source, data);
    }

    /// <summary>"tns1:RuleEngine/tns1:CellMotionDetector/Motion" → "RuleEngine/CellMotionDetector/Motion".</summary>
    public static string NormalizeTopic(string topic)
    {
        var t = topic.Trim();
        if (t.Length > 512) t = t[..512];
        var parts = t.Split('/');
        for (int i = 0; i < parts.Length; i++)
        {
            int colon = parts[i].IndexOf(':', StringComparison.Ordinal);
            if (colon >= 0) parts[i] = parts[i][(colon + 1)..];
        }

        return string.Join('/', parts);
    }

    private static (OnvifEventKind Kind, string[] StateItems) Classify(string topic)
    {
        static bool Is(string topic, string expected) => topic.Equals(expected, StringComparison.OrdinalIgnoreCase);
        static bool Starts(string topic, string prefix) => topic.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

        if (Is(topic, "RuleEngine/CellMotionDetector/Motion")) return (OnvifEventKind.Motion, ["IsMotion", "State"]);
        if (Is(topic, "VideoSource/MotionAlarm")) return (OnvifEventKind.Motion, ["State", "IsMotion"]);
        if (Is(topic, "RuleEngine/MotionRegionDetector/Motion")) return (OnvifEventKind.Motion, ["State", "IsMotion"]);
        if (Starts(topic, "VideoSource/GlobalSceneChange")) return (OnvifEventKind.Tamper, ["State"]);
        if (Starts(topic, "RuleEngine/TamperDetector")) return (OnvifEventKind.Tamper, ["IsTamper", "State"]);
        if (Is(topic, "Device/Trigger/DigitalInput")) return (OnvifEventKind.DigitalInput, ["LogicalState", "State"]);
        if (Is(topic, "Device/Trigger/Relay")) return (OnvifEventKind.RelayOutput, ["LogicalState", "State"]);
        return (OnvifEventKind.Other, ["State", "IsMotion", "LogicalState", "IsTamper"]);
    }

    private static string? Find(IReadOnlyList<KeyValuePair<string, string>> items, string name)
    {
        foreach (var i in items)
        {
            if (i.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) return i.Value;
        }

        return null;
    }

    private static IReadOnlyList<KeyValuePair<string, string>> Items(XmlElementNode? container)
    {
        if (container is null) return [];
        var list = new List<KeyValuePair<string, string>>();
        foreach (var item in container.ChildrenNamed("SimpleItem"))
        {
            if (list.Count >= MaxItems) break;
            var name = item.Attribute("Name");
            if (string.IsNullOrEmpty(name)) continue;
            list.Add(new(name, item.Attribute("Value") ?? string.Empty));
        }

        return list;
    }
}
