namespace Nvr.Media.Codecs.G711;

/// <summary>
/// G.711 RTP packetizer (RFC 3551 §4.5.14, PCMU/PCMA): the payload is the samples themselves, one
/// octet per sample and channel, interleaved by channel (§4.3). A unit larger than
/// <see cref="MaxPayloadSize"/> is split on sample boundaries.
/// </summary>
/// <remarks>
/// Produces RTP payloads only. Payload <c>i</c> is stamped with the unit's timestamp plus the
/// samples before it (<see cref="SamplesBefore"/>): G.711 has no frames, so each packet carries
/// its own time. RFC 3551 §4.1 sets the marker bit only on the first packet of a talkspurt; a
/// continuous camera stream sets it on its first packet only (the caller's business). A camera
/// unit is usually 20-64 ms (160-512 bytes at 8 kHz), so splitting is rare. Stateless and
/// thread-safe.
/// </remarks>
public sealed class G711Packetizer
{
    /// <summary>Default RTP payload budget: 1200 bytes = 150 ms of 8 kHz mono, well under an Ethernet MTU.</summary>
    public const int DefaultMaxPayloadSize = 1200;

    /// <param name="channels">Interleaved channels per sample (1 for every camera seen).</param>
    /// <param name="maxPayloadSize">Largest RTP payload produced; rounded down to whole samples.</param>
    public G711Packetizer(int channels = 1, int maxPayloadSize = DefaultMaxPayloadSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, channels);
        Channels = channels;
        MaxPayloadSize = maxPayloadSize - maxPayloadSize % channels;
    }

    public int Channels { get; }
    public int MaxPayloadSize { get; }

    /// <summary>Timestamp offset (in samples) of payload <paramref name="index"/> of a unit.</summary>
    public int SamplesBefore(int index) => index * (MaxPayloadSize / Channels);

    /// <summary>
    /// Packetizes one unit of G.711 samples. Returns false, adding nothing, when the unit is empty
    /// or not a whole number of samples.
    /// </summary>
    public bool Packetize(ReadOnlySpan<byte> samples, List<byte[]> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        if (samples.IsEmpty || samples.Length % Channels != 0) return false;
        for (int offset = 0; offset < samples.Length; offset += MaxPayloadSize)
        {
            payloads.Add(samples.Slice(offset, Math.Min(MaxPayloadSize, samples.Length - offset)).ToArray());
        }
        return true;
    }
}
