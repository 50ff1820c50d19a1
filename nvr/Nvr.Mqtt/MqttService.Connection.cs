using System.Buffers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace Nvr.Mqtt;

public sealed partial class MqttService
{
    /// <summary>First retry after a network failure; doubles up to <see cref="MqttOptions.ReconnectMaxDelaySeconds"/>.</summary>
    private static readonly TimeSpan FirstReconnectDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// After the broker refused the CONNECT (credentials, not authorized): 5 s doubling to 60 s —
    /// retrying faster does not fix a password, and some brokers ban clients that hammer them.
    /// </summary>
    private static readonly TimeSpan FirstRefusedDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxRefusedDelay = TimeSpan.FromSeconds(60);

    /// <summary>A session that lasted this long resets the network backoff.</summary>
    private static readonly TimeSpan HealthySession = TimeSpan.FromSeconds(10);

    /// <summary>TCP + TLS + CONNACK must finish within this.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Commands are small words; anything larger is not one of ours.</summary>
    private const int MaxCommandPayload = 256;

    private async Task RunConnectionAsync(MqttStateModel model, Task brokerReady, CancellationToken stop)
    {
        await brokerReady.WaitAsync(stop).ConfigureAwait(false);
        var factory = new MqttClientFactory(new MqttNetLogAdapter(_loggers.CreateLogger("MQTTnet.Client")));
        var networkDelay = FirstReconnectDelay;
        var refusedDelay = FirstRefusedDelay;
        var maxNetworkDelay = TimeSpan.FromSeconds(_options.ReconnectMaxDelaySeconds);
        string? lastLogged = null;
        SetState(MqttConnectionState.Connecting);
        while (!stop.IsCancellationRequested)
        {
            using var client = factory.CreateMqttClient();
            using var lost = new CancellationTokenSource();
            client.DisconnectedAsync += args =>
            {
                try
                {
                    _ = lost.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // This connection is over already.
                }

                return Task.CompletedTask;
            };
            client.ApplicationMessageReceivedAsync += e => OnMessageReceivedAsync(model, e);

            TimeSpan retry;
            try
            {
                var result = await ConnectAsync(client, stop).ConfigureAwait(false);
                if (result.ResultCode == MqttClientConnectResultCode.Success)
                {
                    Interlocked.Increment(ref _connects);
                    refusedDelay = FirstRefusedDelay;
                    lastLogged = null;
                    SetState(MqttConnectionState.Connected);
                    LogConnected(_logger, BrokerDescription);
                    long connectedAt = _time.GetTimestamp();
                    await RunSessionAsync(model, client, lost.Token, stop).ConfigureAwait(false);
                    if (stop.IsCancellationRequested) break;
                    // A broker that restarts is retried at once; one that drops us right after
                    // accepting (another client with our id, a ban) must not make a tight loop.
                    if (_time.GetElapsedTime(connectedAt) >= HealthySession)
                    {
                        networkDelay = FirstReconnectDelay;
                        continue;
                    }

                    retry = networkDelay;
                    networkDelay = TimeSpan.FromTicks(Math.Min(networkDelay.Ticks * 2, maxNetworkDelay.Ticks));
                    await Task.Delay(retry, _time, stop).ConfigureAwait(false);
                    continue;
                }

                var refused = $"broker refused the connection: {result.ResultCode}";
                if (refused != lastLogged) LogRefused(_logger, BrokerDescription, result.ResultCode.ToString());
                lastLogged = refused;
                SetError(refused);
                retry = refusedDelay;
                refusedDelay = TimeSpan.FromTicks(Math.Min(refusedDelay.Ticks * 2, MaxRefusedDelay.Ticks));
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                var error = MqttErrors.Describe(e);
                if (error != lastLogged) LogConnectFailed(_logger, BrokerDescription, error);
                lastLogged = error;
                SetError(error);
                retry = networkDelay;
                networkDelay = TimeSpan.FromTicks(Math.Min(networkDelay.Ticks * 2, maxNetworkDelay.Ticks));
            }

            SetState(MqttConnectionState.Disconnected);
            await Task.Delay(retry, _time, stop).ConfigureAwait(false);
        }
    }

    private async Task<MqttClientConnectResult> ConnectAsync(IMqttClient client, CancellationToken stop)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(ConnectTimeout);
        return await client.ConnectAsync(BuildClientOptions(), timeout.Token).ConfigureAwait(false);
    }

    /// <summary>One connected session: subscribe, re-publish everything, drain the outbox until the connection is lost or we stop.</summary>
    private async Task RunSessionAsync(MqttStateModel model, IMqttClient client, CancellationToken lost, CancellationToken stop)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(lost, stop);
        try
        {
            await SubscribeAsync(model.Topics, client, session.Token).ConfigureAwait(false);
            // The broker may have lost its retained messages (restart without persistence), and
            // bus events may have been missed: take the camera list again, then send everything.
            ReloadCameras(model, null);
            _outbox.RepublishAll();
            await PumpAsync(client, untilEmpty: false, session.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            var error = lost.IsCancellationRequested ? "connection lost" : MqttErrors.Describe(e);
            LogDisconnected(_logger, BrokerDescription, error);
            SetError(error);
            SetState(MqttConnectionState.Disconnected);
            return;
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Clean shutdown, below.
        }

        if (!client.IsConnected) return;
        model.SetAvailable(false);
        using var flush = new CancellationTokenSource(ShutdownFlushTimeout);
        try
        {
            await PumpAsync(client, untilEmpty: true, flush.Token).ConfigureAwait(false);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(), flush.Token).ConfigureAwait(false);
            LogCleanDisconnect(_logger, BrokerDescription);
        }
        catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            LogShutdownFlushFailed(_logger, MqttErrors.Describe(e));
        }
    }

    private async Task SubscribeAsync(MqttTopics topics, IMqttClient client, CancellationToken cancellationToken)
    {
        var builder = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(topics.RecordingSetFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .WithTopicFilter(topics.PtzFilter, MqttQualityOfServiceLevel.AtLeastOnce);
        if (_options.Discovery) builder.WithTopicFilter(topics.DiscoveryStatus, MqttQualityOfServiceLevel.AtLeastOnce);
        var result = await client.SubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        foreach (var item in result.Items)
        {
            if ((int)item.ResultCode > (int)MqttClientSubscribeResultCode.GrantedQoS2) LogSubscribeRefused(_logger, item.TopicFilter.Topic, item.ResultCode.ToString());
        }
    }

    /// <summary>Publishes from the outbox; a message that fails goes back to the front.</summary>
    private async Task PumpAsync(IMqttClient client, bool untilEmpty, CancellationToken cancellationToken)
    {
        while (true)
        {
            // Persist what we own before it reaches the broker, so a crash cannot orphan a topic.
            SaveAnnouncementsIfChanged();
            if (!_outbox.TryTake(out var message))
            {
                if (untilEmpty) return;
                await _outbox.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            MqttClientPublishResult result;
            try
            {
                var application = new MqttApplicationMessageBuilder()
                    .WithTopic(message.Topic)
                    .WithPayloadSegment(message.Payload)
                    .WithRetainFlag(message.Retain)
                    .WithQualityOfServiceLevel(message.Qos)
                    .Build();
                result = await client.PublishAsync(application, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _outbox.Return(message);
                throw;
            }

            // MQTT 3.1.1 has no negative PUBACK; a v5 broker's refusal is final for that message.
            if (!result.IsSuccess) LogPublishRejected(_logger, message.Topic, result.ReasonCode.ToString());
            _outbox.Acknowledge(message);
            Interlocked.Increment(ref _published);
        }
    }

    private Task OnMessageReceivedAsync(MqttStateModel model, MqttApplicationMessageReceivedEventArgs e)
    {
        var message = e.ApplicationMessage;
        var topic = message.Topic ?? "";
        if (message.Payload.Length > MaxCommandPayload) return Task.CompletedTask;
        var payload = message.Payload.ToArray();

        if (topic == model.Topics.DiscoveryStatus)
        {
            // Home Assistant's birth message: it (re)started and forgot non-retained state. Our
            // state is retained, but re-announcing is what HA asks for, and it is cheap.
            if (!message.Retain && string.Equals(System.Text.Encoding.UTF8.GetString(payload).Trim(), MqttPayloads.Online, StringComparison.Ordinal))
            {
                LogHomeAssistantOnline(_logger);
                _outbox.RepublishAll();
            }

            return Task.CompletedTask;
        }

        if (!model.Topics.TryParseCommand(topic, out var camera, out var kind)) return Task.CompletedTask;
        if (message.Retain)
        {
            // A retained command would replay at every connect (a stale OFF stopping recording at each restart).
            LogRetainedCommand(_logger, topic);
            return Task.CompletedTask;
        }

        string argument;
        if (kind == MqttCommandKind.SetRecording)
        {
            if (!MqttPayloads.TryParseOnOff(payload, out bool on))
            {
                LogBadCommand(_logger, topic);
                return Task.CompletedTask;
            }

            argument = on ? MqttPayloads.On : MqttPayloads.Off;
        }
        else if (!MqttPtzCommand.TryParse(payload, out argument))
        {
            LogBadCommand(_logger, topic);
            return Task.CompletedTask;
        }

        if (!_commandQueue.Writer.TryWrite(new Command(camera, kind, argument))) LogCommandQueueFull(_logger, topic);
        return Task.CompletedTask;
    }

    private MqttClientOptions BuildClientOptions()
    {
        var topics = _model!.Topics;
        var builder = new MqttClientOptionsBuilder()
            .WithClientId(_options.ResolvedClientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(_options.KeepAliveSeconds))
            .WithTimeout(ConnectTimeout)
            .WithWillTopic(topics.Available)
            .WithWillPayload(MqttPayloads.Offline)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);

        if (_options.UsesEmbeddedBroker)
        {
            var broker = Broker ?? throw new InvalidOperationException("the embedded broker is not running");
            builder.WithTcpServer(broker.LocalClientAddress.ToString(), broker.Port)
                .WithCredentials(MqttBrokerAuthorizer.InternalUsername, broker.InternalPassword);
            return builder.Build();
        }

        builder.WithTcpServer(_options.Host.Trim(), _options.ResolvedPort);
        if (!string.IsNullOrEmpty(_options.Username)) builder.WithCredentials(_options.Username, _options.Password ?? "");
        if (_options.Tls)
        {
            var trust = LoadTrust();
            builder.WithTlsOptions(tls => tls
                .UseTls(true)
                .WithTargetHost(_options.Host.Trim())
                .WithCertificateValidationHandler(args => ValidateCertificate(args.Certificate, args.SslPolicyErrors, trust)));
        }

        return builder.Build();
    }

    private X509Certificate2Collection? LoadTrust()
    {
        if (string.IsNullOrEmpty(_options.TlsCaFile)) return null;
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(_options.TlsCaFile);
        return collection;
    }

    /// <summary>The system store by default; with a CA file, a chain to one of its certificates (host name still checked).</summary>
    private bool ValidateCertificate(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection? trust)
    {
        if (_options.TlsInsecure) return true;
        if (trust is null || certificate is null) return errors == SslPolicyErrors.None;
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trust);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
