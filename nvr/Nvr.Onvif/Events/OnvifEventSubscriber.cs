namespace Nvr.Onvif.Events;

/// <summary>
/// Keeps one ONVIF pull-point subscription alive and hands every notification to a callback
/// (ONVIF Core §9.1; WS-BaseNotification 1.3 Renew/Unsubscribe):
/// <code>
///  ┌► GetSystemDateAndTime (re-measure skew) ► CreatePullPointSubscription(T)
///  │      loop: now ≥ renewAt ? Renew(T) : PullMessages(min(PullTimeout, renewAt − now)) ► callback
///  └── any failure (fault, timeout, refused, device rebooted and forgot us): back-off, resubscribe
///  stop: Unsubscribe (best effort, bounded)
/// </code>
/// Renewal happens at half the lifetime the device granted (TerminationTime − CurrentTime, both in
/// the device's clock, so skew does not matter), and a pull never waits past the renewal point.
/// All timing goes through the injected <see cref="TimeProvider"/>. Discovery of events is only
/// this loop: nothing runs unless <see cref="RunAsync"/> is awaited.
/// </summary>
public sealed class OnvifEventSubscriber
{
    private static readonly TimeSpan MinPull = TimeSpan.FromSeconds(1);
    private readonly OnvifDevice _device;
    private readonly Func<OnvifEvent, CancellationToken, ValueTask> _onEvent;
    private readonly Action<OnvifSubscriptionStatus, OnvifException?>? _onStatus;
    private readonly OnvifEventSubscriberOptions _options;
    private readonly TimeProvider _time;
    private long _subscriptions, _renewals, _pulls, _events, _failures;
    private volatile OnvifException? _lastError;
    private volatile int _status;

    /// <param name="device">The device (its credentials and clock offset are used).</param>
    /// <param name="onEvent">Called for every notification, in order, from the RunAsync loop. Slow callbacks delay the next pull.</param>
    /// <param name="options">Lifetimes and back-off; defaults when null.</param>
    /// <param name="timeProvider">Clock for renewals and back-off; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="onStatus">Told about every status change, with the error when retrying.</param>
    public OnvifEventSubscriber(
        OnvifDevice device,
        Func<OnvifEvent, CancellationToken, ValueTask> onEvent,
        OnvifEventSubscriberOptions? options = null,
        TimeProvider? timeProvider = null,
        Action<OnvifSubscriptionStatus, OnvifException?>? onStatus = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(onEvent);
        _device = device;
        _onEvent = onEvent;
        _options = options ?? new OnvifEventSubscriberOptions();
        _time = timeProvider ?? TimeProvider.System;
        _onStatus = onStatus;
    }

    public OnvifSubscriptionStatus Status => (OnvifSubscriptionStatus)_status;

    /// <summary>The error that caused the last resubscription, or null.</summary>
    public OnvifException? LastError => _lastError;

    /// <summary>Subscriptions created (1 + resubscriptions).</summary>
    public long Subscriptions => Interlocked.Read(ref _subscriptions);

    public long Renewals => Interlocked.Read(ref _renewals);

    public long Pulls => Interlocked.Read(ref _pulls);

    public long EventsReceived => Interlocked.Read(ref _events);

    /// <summary>Failed attempts (each one led to a resubscription).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled; then unsubscribes and returns. Never throws OnvifException.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        int consecutiveFailures = 0;
        OnvifPullPointSubscription? current = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                bool immediate = false;
                try
                {
                    current = null;
                    try
                    {
                        await _device.GetSystemDateAndTimeAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OnvifException)
                    {
                        // Keep the previous offset; CreatePullPointSubscription will tell if the device is gone.
                    }

                    var subscription = await _device.CreatePullPointSubscriptionAsync(_options.TerminationTime, cancellationToken).ConfigureAwait(false);
                    current = subscription;
                    Interlocked.Increment(ref _subscriptions);
                    SetStatus(OnvifSubscriptionStatus.Subscribed, null);
                    var renewAt = RenewPoint(_time.GetUtcNow(), subscription.CurrentTime, subscription.TerminationTime);
                    while (true)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var now = _time.GetUtcNow();
                        if (now >= renewAt)
                        {
                            (DateTimeOffset? Current, DateTimeOffset? Termination) renewed;
                            try
                            {
                                renewed = await _device.RenewAsync(subscription, _options.TerminationTime, cancellationToken).ConfigureAwait(false);
                            }
                            catch (OnvifFaultException e) when (!e.IsNotAuthorized)
                            {
                                // Renew refused (a few Dahua and TP-Link firmwares do not implement it on pull
                                // points): replace the subscription now instead of letting it lapse.
                                Failed(e);
                                await UnsubscribeQuietlyAsync(subscription).ConfigureAwait(false);
                                current = null;
                                immediate = true;
                                break;
                            }

                            Interlocked.Increment(ref _renewals);
                            renewAt = RenewPoint(_time.GetUtcNow(), renewed.Current, renewed.Termination);
                            continue;
                        }

                        var wait = renewAt - now;
                        if (wait > _options.PullTimeout) wait = _options.PullTimeout;
                        if (wait < MinPull) wait = MinPull;
                        var result = await _device.PullMessagesAsync(subscription, wait, _options.MessageLimit, cancellationToken).ConfigureAwait(false);
                        Interlocked.Increment(ref _pulls);
                        consecutiveFailures = 0;
                        foreach (var e in result.Events)
                        {
                            Interlocked.Increment(ref _events);
                            await _onEvent(e, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
                catch (OnvifException e) when (!cancellationToken.IsCancellationRequested)
                {
                    current = null;
                    Failed(e);
                    consecutiveFailures++;
                }

                if (!immediate)
                {
                    await Task.Delay(Backoff(consecutiveFailures), _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            if (current is not null) await UnsubscribeQuietlyAsync(current).ConfigureAwait(false);
            SetStatus(OnvifSubscriptionStatus.Stopped, null);
        }
    }

    /// <summary>Half of the granted lifetime from now; the requested lifetime when the device did not say.</summary>
    private DateTimeOffset RenewPoint(DateTimeOffset now, DateTimeOffset? deviceCurrent, DateTimeOffset? deviceTermination)
    {
        TimeSpan lifetime;
        if (deviceTermination is { } t && deviceCurrent is { } c) lifetime = t - c;
        else if (deviceTermination is { } t2) lifetime = t2 - (now + (_device.Clock?.Skew ?? TimeSpan.Zero));
        else lifetime = _options.TerminationTime;
        if (lifetime <= TimeSpan.Zero) lifetime = _options.TerminationTime;
        return now + (lifetime / 2);
    }

    private TimeSpan Backoff(int failures)
    {
        if (failures <= 0) return TimeSpan.Zero;
        double factor = Math.Pow(2, Math.Min(failures - 1, 16));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.RetryInitialDelay.Ticks * factor, _options.RetryMaxDelay.Ticks));
        return delay;
    }

    private void Failed(OnvifException e)
    {
        _lastError = e;
        Interlocked.Increment(ref _failures);
        SetStatus(OnvifSubscriptionStatus.Retrying, e);
    }

    private void SetStatus(OnvifSubscriptionStatus status, OnvifException? error)
    {
        _status = (int)status;
        _onStatus?.Invoke(status, error);
    }

    private async Task UnsubscribeQuietlyAsync(OnvifPullPointSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(_options.UnsubscribeTimeout, _time);
        try
        {
            await _device.UnsubscribeAsync(subscription, timeout.Token).ConfigureAwait(false);
        }
        catch (OnvifException)
        {
            // The subscription times out on the device anyway.
        }
        catch (OperationCanceledException)
        {
        }
    }
}
