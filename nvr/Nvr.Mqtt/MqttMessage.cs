using MQTTnet.Protocol;

namespace Nvr.Mqtt;

/// <summary>One message waiting in the <see cref="MqttOutbox"/>. An empty retained payload deletes the retained message.</summary>
internal sealed record MqttMessage(string Topic, ReadOnlyMemory<byte> Payload, bool Retain, MqttQualityOfServiceLevel Qos)
{
    public bool IsDeletion => Retain && Payload.IsEmpty;
}
