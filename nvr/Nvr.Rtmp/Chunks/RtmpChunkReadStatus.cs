namespace Nvr.Rtmp.Chunks;

/// <summary>Outcome of <see cref="RtmpChunkReader.Read"/>.</summary>
public enum RtmpChunkReadStatus
{
    /// <summary>All usable input was consumed; call again with more bytes.</summary>
    NeedMoreData,
    /// <summary>A message is complete; process it (it may change the chunk size) before reading on.</summary>
    Message,
    /// <summary>The peer broke the protocol or a limit (see <see cref="RtmpChunkReader.Error"/>); the reader stays failed.</summary>
    Error,
}
