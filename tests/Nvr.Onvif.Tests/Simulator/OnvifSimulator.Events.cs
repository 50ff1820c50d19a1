using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Nvr.Onvif.Tests.Simulator;

public sealed partial class OnvifSimulator
{
    private readonly Dictionary<int, SimSubscription> _subscriptions = [];
    private int _nextSubscription = 1;
    private bool _motion;
    private int _subscriptionsCreated, _renewals, _unsubscribes, _pendingPulls, _pulls, _pullWaits;
    private DateTimeOffset? _pendingPullDeadline;

    private sealed class SimSubscription(int id, DateTimeOffset termination)
    {
        public int Id { get; } = id;

        public DateTimeOffset Termination { get; set; } = termination;

        public Queue<string> Messages { get; } = new();

        public TaskCompletionSource Signal { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    public int SubscriptionsCreated { get { lock (_gate) return _subscriptionsCreated; } }

    public int Renewals { get { lock (_gate) return _renewals; } }

    public int Unsubscribes { get { lock (_gate) return _unsubscribes; } }

    public int Pulls { get { lock (_gate) return _pulls; } }

    /// <summary>PullMessages requests currently waiting for a message or their timeout.</summary>
    public int PendingPulls { get { lock (_gate) return _pendingPulls; } }

    /// <summary>PullMessages requests that started waiting (monotonic).</summary>
    public int PullWaits { get { lock (_gate) return _pullWaits; } }

    /// <summary>When (in <see cref="OnvifSimulatorOptions.TimeProvider"/> time) the latest waiting PullMessages times out.</summary>
    public DateTimeOffset? PendingPullDeadline { get { lock (_gate) return _pendingPullDeadline; } }

    public int ActiveSubscriptions { get { lock (_gate) return _subscriptions.Count; } }

    /// <summary>Ids of live subscriptions.</summary>
    public IReadOnlyList<int> SubscriptionIds { get { lock (_gate) return _subscriptions.Keys.ToArray(); } }

    public bool Motion { get { lock (_gate) return _motion; } }

    /// <summary>Starts or stops motion: every subscription gets tns1:RuleEngine/CellMotionDetector/Motion (IsMotion) Changed.</summary>
    public void SetMotion(bool active)
    {
        lock (_gate) _motion = active;
        RaiseEvent(
            "tns1:RuleEngine/CellMotionDetector/Motion",
            [("VideoSourceConfigurationToken", "VideoSourceConfig_1"), ("VideoAnalyticsConfigurationToken", "VideoAnalyticsConfig_1"), ("Rule", "MyMotionDetectorRule")],
            [("IsMotion", active ? "true" : "false")]);
    }

    /// <summary>Queues a notification with <paramref name="topic"/> (with tns1: prefix) for every subscription.</summary>
    public void RaiseEvent(string topic, (string Name, string Value)[] source, (string Name, string Value)[] data, string operation = "Changed")
    {
        var message = Notification(topic, source, data, operation);
        lock (_gate)
        {
            foreach (var s in _subscriptions.Values)
            {
                s.Messages.Enqueue(message);
                s.Signal.TrySetResult();
            }
        }
    }

    private string Notification(string topic, (string Name, string Value)[] source, (string Name, string Value)[] data, string operation)
    {
        var sb = new StringBuilder("<wsnt:NotificationMessage><wsnt:Topic Dialect=\"http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet\">");
        sb.Append(Esc(topic)).Append("</wsnt:Topic><wsnt:Message>");
        sb.Append(CultureInfo.InvariantCulture, $"<tt:Message UtcTime=\"{Time(DeviceNow)}\" PropertyOperation=\"{operation}\"><tt:Source>");
        foreach (var (n, v) in source) sb.Append(CultureInfo.InvariantCulture, $"<tt:SimpleItem Name=\"{Esc(n)}\" Value=\"{Esc(v)}\"/>");
        sb.Append("</tt:Source><tt:Data>");
        foreach (var (n, v) in data) sb.Append(CultureInfo.InvariantCulture, $"<tt:SimpleItem Name=\"{Esc(n)}\" Value=\"{Esc(v)}\"/>");
        sb.Append("</tt:Data></tt:Message></wsnt:Message></wsnt:NotificationMessage>");
        return sb.ToString();
    }

    /// <summary>Drops every subscription without closing connections (a reboot between two requests).</summary>
    public void ForgetSubscriptionsForTest() => ForgetSubscriptions();

    private void ForgetSubscriptions()
    {
        lock (_gate)
        {
            foreach (var s in _subscriptions.Values) s.Signal.TrySetResult();
            _subscriptions.Clear();
        }
    }

    /// <summary>"PT60S" or an absolute xs:dateTime, capped at <see cref="OnvifSimulatorOptions.MaxTermination"/>.</summary>
    private TimeSpan Granted(string? requested)
    {
        var granted = _options.MaxTermination;
        if (string.IsNullOrWhiteSpace(requested)) return granted;
        requested = requested.Trim();
        TimeSpan asked;
        if (requested.StartsWith('P') || requested.StartsWith("-P", StringComparison.Ordinal))
        {
            asked = XmlConvert.ToTimeSpan(requested);
        }
        else
        {
            asked = DateTimeOffset.Parse(requested, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) - DeviceNow;
        }

        return asked < granted && asked > TimeSpan.Zero ? asked : granted;
    }

    private string CreatePullPointSubscription(XElement op)
    {
        var requested = op.Elements().FirstOrDefault(e => e.Name.LocalName == "InitialTerminationTime")?.Value;
        var now = DeviceNow;
        var termination = now + Granted(requested);
        SimSubscription sub;
        bool motion;
        lock (_gate)
        {
            sub = new SimSubscription(_nextSubscription++, termination);
            _subscriptions[sub.Id] = sub;
            _subscriptionsCreated++;
            motion = _motion;
        }

        // Like real devices: the current state of every property right after subscribing.
        var initial = Notification(
            "tns1:RuleEngine/CellMotionDetector/Motion",
            [("VideoSourceConfigurationToken", "VideoSourceConfig_1"), ("VideoAnalyticsConfigurationToken", "VideoAnalyticsConfig_1"), ("Rule", "MyMotionDetectorRule")],
            [("IsMotion", motion ? "true" : "false")],
            "Initialized");
        lock (_gate) sub.Messages.Enqueue(initial);

        string reference = _options.SubscriptionIdInReferenceParameters
            ? $"<wsa5:Address>{XAddrBase}/onvif/Subscription</wsa5:Address><wsa5:ReferenceParameters><sim:SubscriptionId>{sub.Id}</sim:SubscriptionId></wsa5:ReferenceParameters>"
            : $"<wsa5:Address>{XAddrBase}/onvif/Subscription?Idx={sub.Id}</wsa5:Address>";
        return "<tev:CreatePullPointSubscriptionResponse><tev:SubscriptionReference>" + reference + "</tev:SubscriptionReference>"
            + $"<wsnt:CurrentTime>{Time(now)}</wsnt:CurrentTime><wsnt:TerminationTime>{Time(termination)}</wsnt:TerminationTime></tev:CreatePullPointSubscriptionResponse>";
    }

    private SimSubscription FindSubscription(XElement? header, SimulatorHttpRequest request)
    {
        string? idText = _options.SubscriptionIdInReferenceParameters
            ? header?.Elements().FirstOrDefault(e => e.Name.LocalName == "SubscriptionId")?.Value
            : request.Target.Split("Idx=", 2) is [_, var rest] ? rest.Split('&')[0] : null;
        if (!int.TryParse(idText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
        {
            throw new SimulatorFault(400, "env:Sender", "ter:InvalidArgVal", "no subscription id in the request");
        }

        lock (_gate)
        {
            if (_subscriptions.TryGetValue(id, out var sub))
            {
                if (DeviceNow <= sub.Termination) return sub;
                _subscriptions.Remove(id);
            }
        }

        throw new SimulatorFault(400, "env:Sender", "ter:InvalidArgVal", $"subscription {id} is unknown (expired or the device rebooted)");
    }

    private async Task<string> PullMessagesAsync(XElement op, XElement? header, SimulatorHttpRequest request, CancellationToken cancellationToken)
    {
        var sub = FindSubscription(header, request);
        var timeoutText = op.Elements().FirstOrDefault(e => e.Name.LocalName == "Timeout")?.Value ?? "PT10S";
        var timeout = XmlConvert.ToTimeSpan(timeoutText);
        if (timeout > TimeSpan.FromSeconds(60)) timeout = TimeSpan.FromSeconds(60);
        int limit = int.TryParse(op.Elements().FirstOrDefault(e => e.Name.LocalName == "MessageLimit")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : 100;

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task? wait = null;
        lock (_gate)
        {
            _pulls++;
            if (sub.Messages.Count == 0)
            {
                // Registered atomically with the counters so a test driving a FakeTimeProvider can
                // advance exactly to PendingPullDeadline and know this wait saw it.
                sub.Signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = Task.WhenAny(sub.Signal.Task, Task.Delay(timeout, _options.TimeProvider, cts.Token));
                _pendingPulls++;
                _pullWaits++;
                _pendingPullDeadline = _options.TimeProvider.GetUtcNow() + timeout;
            }
        }

        if (wait is not null)
        {
            try
            {
                await wait.ConfigureAwait(false);
                await cts.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
            finally
            {
                lock (_gate) _pendingPulls--;
            }
        }

        var sb = new StringBuilder("<tev:PullMessagesResponse>");
        lock (_gate)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<tev:CurrentTime>{Time(DeviceNow)}</tev:CurrentTime><tev:TerminationTime>{Time(sub.Termination)}</tev:TerminationTime>");
            for (int i = 0; i < limit && sub.Messages.Count > 0; i++) sb.Append(sub.Messages.Dequeue());
        }

        return sb.Append("</tev:PullMessagesResponse>").ToString();
    }

    private string Renew(XElement op, XElement? header, SimulatorHttpRequest request)
    {
        var sub = FindSubscription(header, request);
        var requested = op.Elements().FirstOrDefault(e => e.Name.LocalName == "TerminationTime")?.Value;
        var now = DeviceNow;
        lock (_gate)
        {
            sub.Termination = now + Granted(requested);
            _renewals++;
        }

        return $"<wsnt:RenewResponse><wsnt:TerminationTime>{Time(sub.Termination)}</wsnt:TerminationTime><wsnt:CurrentTime>{Time(now)}</wsnt:CurrentTime></wsnt:RenewResponse>";
    }

    private string Unsubscribe(XElement? header, SimulatorHttpRequest request)
    {
        var sub = FindSubscription(header, request);
        lock (_gate)
        {
            _subscriptions.Remove(sub.Id);
            _unsubscribes++;
            sub.Signal.TrySetResult();
        }

        return "<wsnt:UnsubscribeResponse/>";
    }

    private static string GetEventProperties() =>
        "<tev:GetEventPropertiesResponse><tev:TopicNamespaceLocation>http://www.onvif.org/onvif/ver10/topics/topicns.xml</tev:TopicNamespaceLocation>"
        + "<wsnt:FixedTopicSet>true</wsnt:FixedTopicSet><wstop:TopicSet xmlns:wstop=\"http://docs.oasis-open.org/wsn/t-1\"><tns1:RuleEngine><CellMotionDetector><Motion wstop:topic=\"true\"/></CellMotionDetector></tns1:RuleEngine></wstop:TopicSet>"
        + "<tev:TopicExpressionDialect>http://www.onvif.org/ver10/tev/topicExpression/ConcreteSet</tev:TopicExpressionDialect>"
        + "<tev:MessageContentFilterDialect>http://www.onvif.org/ver10/tev/messageContentFilter/ItemFilter</tev:MessageContentFilterDialect>"
        + "<tev:MessageContentSchemaLocation>http://www.onvif.org/onvif/ver10/schema/onvif.xsd</tev:MessageContentSchemaLocation></tev:GetEventPropertiesResponse>";
}
