using Nvr.Onvif.Discovery;
using Nvr.Onvif.Events;
using Nvr.Onvif.Soap;
using Nvr.Testing.Fuzz;

namespace Nvr.Onvif.Tests;

/// <summary>
/// Replays corpus/soap and corpus/discovery (seeds from fixtures/make-onvif-corpus.py plus
/// mutations) through every response parser. SOAP parsing may only throw
/// <see cref="OnvifMalformedResponseException"/> or <see cref="OnvifFaultException"/>; discovery
/// parsing never throws. Each input's allocations stay within a bound proportional to its size.
/// </summary>
public sealed class FuzzTests
{
    private static readonly Uri Device = new("http://192.0.2.1/onvif/device_service");

    private static long Bound(byte[] input) => (4L * 1024 * 1024) + (64L * input.Length);

    [Fact]
    public void Soap_corpus_throws_only_declared_exceptions_and_stays_bounded()
    {
        int inputs = 0, parsed = 0, faults = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("soap"))
        {
            inputs++;
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                var body = SoapResponseReader.ReadBody(input, XmlLimits.Default);
                parsed++;
                RunAllParsers(body);
            }
            catch (OnvifMalformedResponseException)
            {
            }
            catch (OnvifFaultException)
            {
                faults++;
            }
            catch (Exception e)
            {
                Assert.Fail($"input #{inputs} ({input.Length} bytes) threw {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < Bound(input), $"input #{inputs} ({input.Length} bytes) allocated {allocated} bytes");
        }

        Assert.True(inputs > 6000, $"only {inputs} inputs");
        Assert.True(parsed > 100, $"only {parsed} inputs parsed as SOAP: the seeds are not realistic enough");
        Assert.True(faults > 10, $"only {faults} faults");
    }

    private static void RunAllParsers(XmlElementNode body)
    {
        Action[] parsers =
        [
            () => DeviceResponseParser.ParseSystemDateAndTime(body),
            () => DeviceResponseParser.ParseDeviceInformation(body),
            () => DeviceResponseParser.ParseCapabilities(body, Device),
            () => DeviceResponseParser.FromServices(DeviceResponseParser.ParseServices(body), Device),
            () => MediaResponseParser.ParseProfiles(body, media2: false),
            () => MediaResponseParser.ParseProfiles(body, media2: true),
            () => MediaResponseParser.ParseMediaUri(body, "GetStreamUriResponse"),
            () => EventResponseParser.ParseCreatePullPointSubscription(body),
            () => EventResponseParser.ParsePullMessages(body),
            () => EventResponseParser.ParseRenew(body),
            () => PtzResponseParser.ParsePresets(body),
            () => PtzResponseParser.ParseSetPreset(body),
        ];
        foreach (var parse in parsers)
        {
            try
            {
                parse();
            }
            catch (OnvifMalformedResponseException)
            {
            }
        }
    }

    [Fact]
    public void Discovery_corpus_never_throws_and_stays_bounded()
    {
        int inputs = 0, matches = 0;
        foreach (var input in FuzzCorpus.SeedsAndMutations("discovery"))
        {
            inputs++;
            long before = GC.GetAllocatedBytesForCurrentThread();
            var message = WsDiscoveryMessages.ParseProbeMatches(input, System.Net.IPAddress.Loopback);
            if (message is not null)
            {
                matches += message.Matches.Count;
                foreach (var d in message.Matches) _ = d.DeviceServiceAddress;
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.True(allocated < Bound(input), $"input #{inputs} ({input.Length} bytes) allocated {allocated} bytes");
        }

        Assert.True(inputs > 2000, $"only {inputs} inputs");
        Assert.True(matches > 500, $"only {matches} probe matches parsed");
    }
}
