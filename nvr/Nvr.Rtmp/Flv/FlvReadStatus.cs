namespace Nvr.Rtmp.Flv;

/// <summary>Outcome of <see cref="FlvReader.TryReadHeader"/> and <see cref="FlvReader.ReadTag"/>.</summary>
public enum FlvReadStatus
{
    /// <summary>A header or tag was read.</summary>
    Ok,
    /// <summary>The input ends inside the header or tag; read again with more bytes.</summary>
    NeedMoreData,
    /// <summary>The bytes are not FLV (bad signature, header size, or a tag that breaks a bound).</summary>
    Malformed,
}
