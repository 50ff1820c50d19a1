using System.Globalization;
using Nvr.Onvif.Events;
using Nvr.Onvif.Soap;

namespace Nvr.Onvif;

public sealed partial class OnvifDevice
{
    private const string CreatePullPointAction = "http://www.onvif.org/ver10/events/wsdl/EventPortType/CreatePullPointSubscriptionRequest";
    private const string PullMessagesAction = "http://www.onvif.org/ver10/events/wsdl/PullPointSubscription/PullMessagesRequest";
    private const string RenewAction = "http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/RenewRequest";
    private const string UnsubscribeAction = "http://docs.oasis-open.org/wsn/bw-2/SubscriptionManager/UnsubscribeRequest";

    /// <summary>CreatePullPointSubscription (ONVIF Core §9.1.1) with a relative initial termination time.</summary>
    public async Task<OnvifPullPointSubscription> CreatePullPointSubscriptionAsync(TimeSpan initialTermination, CancellationToken cancellationToken = default)
    {
        var services = await GetServiceAddressesAsync(cancellationToken).ConfigureAwait(false);
        var events = services.EventsAddress ?? throw new OnvifException("device offers no event service", DeviceServiceAddress);
        var body = await CallAsync(new SoapCall(events, CreatePullPointAction, "CreatePullPointSubscription", w =>
        {
            w.WriteStartElement("tev", "CreatePullPointSubscription", OnvifNamespaces.Events);
            w.WriteElementString("tev", "InitialTerminationTime", OnvifNamespaces.Events, XsdValues.FormatDuration(initialTermination));
            w.WriteEndElement();
        }), cancellationToken).ConfigureAwait(false);
        var subscription = EventResponseParser.ParseCreatePullPointSubscription(body, events);
        return subscription with { Address = RewriteService(subscription.Address) };
    }

    /// <summary>
    /// PullMessages (ONVIF Core §9.1.2): waits up to <paramref name="timeout"/> on the device for up
    /// to <paramref name="messageLimit"/> notifications.
    /// </summary>
    public async Task<OnvifPullMessagesResult> PullMessagesAsync(OnvifPullPointSubscription subscription, TimeSpan timeout, int messageLimit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var body = await CallAsync(new SoapCall(subscription.Address, PullMessagesAction, "PullMessages", w =>
        {
            w.WriteStartElement("tev", "PullMessages", OnvifNamespaces.Events);
            w.WriteElementString("tev", "Timeout", OnvifNamespaces.Events, XsdValues.FormatDuration(timeout));
            w.WriteElementString("tev", "MessageLimit", OnvifNamespaces.Events, messageLimit.ToString(CultureInfo.InvariantCulture));
            w.WriteEndElement();
        })
        {
            UseAddressing = true,
            ReferenceParameters = subscription.ReferenceParameters,
            ExtraTimeout = timeout,
        }, cancellationToken).ConfigureAwait(false);
        return EventResponseParser.ParsePullMessages(body, subscription.Address);
    }

    /// <summary>Renew (WS-BaseNotification 1.3 §6.1) to a relative termination time; returns the device's current and new termination times.</summary>
    public async Task<(DateTimeOffset? CurrentTime, DateTimeOffset? TerminationTime)> RenewAsync(OnvifPullPointSubscription subscription, TimeSpan termination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        var body = await CallAsync(new SoapCall(subscription.Address, RenewAction, "Renew", w =>
        {
            w.WriteStartElement("wsnt", "Renew", OnvifNamespaces.Wsnt);
            w.WriteElementString("wsnt", "TerminationTime", OnvifNamespaces.Wsnt, XsdValues.FormatDuration(termination));
            w.WriteEndElement();
        })
        {
            UseAddressing = true,
            ReferenceParameters = subscription.ReferenceParameters,
        }, cancellationToken).ConfigureAwait(false);
        return EventResponseParser.ParseRenew(body, subscription.Address);
    }

    /// <summary>Unsubscribe (WS-BaseNotification 1.3 §6.2).</summary>
    public async Task UnsubscribeAsync(OnvifPullPointSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await CallAsync(new SoapCall(subscription.Address, UnsubscribeAction, "Unsubscribe", w =>
        {
            w.WriteStartElement("wsnt", "Unsubscribe", OnvifNamespaces.Wsnt);
            w.WriteEndElement();
        })
        {
            UseAddressing = true,
            ReferenceParameters = subscription.ReferenceParameters,
        }, cancellationToken).ConfigureAwait(false);
    }
}
