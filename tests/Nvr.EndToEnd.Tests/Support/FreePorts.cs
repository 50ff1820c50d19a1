using System.Net;
using System.Net.Sockets;

namespace Nvr.EndToEnd.Tests.Support;

public static class FreePorts
{
    /// <summary>Distinct currently-free TCP ports on 127.0.0.1.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ =>
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            return l;
        }).ToList();
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
