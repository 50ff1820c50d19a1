using System.Net.Sockets;
using MQTTnet.Exceptions;

namespace Nvr.Mqtt;

/// <summary>One-line, secret-free descriptions of connection failures for logs and <see cref="MqttStatus.LastError"/>.</summary>
internal static class MqttErrors
{
    public static string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException s)
            {
                return s.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host name not found",
                    SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
                    SocketError.TimedOut => "connection timed out",
                    SocketError.ConnectionReset => "connection reset",
                    SocketError.AddressAlreadyInUse => "address already in use",
                    SocketError.AccessDenied => "permission denied",
                    _ => "network error: " + s.SocketErrorCode,
                };
            }

            if (inner is System.Security.Authentication.AuthenticationException a) return "TLS: " + a.Message;
        }

        return e switch
        {
            MqttCommunicationTimedOutException or TimeoutException or OperationCanceledException => "timed out",
            MqttClientDisconnectedException => "connection closed by the broker",
            _ => e.Message,
        };
    }
}
