using System.Buffers;
using System.Net.Http;

namespace Nvr.Onvif.Soap;

/// <summary>Reads an HTTP body into memory, refusing it as soon as it passes the size limit.</summary>
internal static class BoundedBody
{
    public static async Task<byte[]> ReadAsync(HttpContent content, int maxBytes, Uri endpoint, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is long declared && declared > maxBytes)
        {
            throw new OnvifMalformedResponseException(OnvifResponseError.TooLarge, $"response declares {declared} bytes, above the limit of {maxBytes}", endpoint);
        }

        var input = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (input.ConfigureAwait(false))
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, 16 * 1024));
            int length = 0;
            try
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > maxBytes) break;
                        var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(maxBytes + 1, buffer.Length * 2));
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = bigger;
                    }

                    int n = await input.ReadAsync(buffer.AsMemory(length, Math.Min(buffer.Length, maxBytes + 1) - length), cancellationToken).ConfigureAwait(false);
                    if (n == 0) break;
                    length += n;
                    if (length > maxBytes) break;
                }

                if (length > maxBytes)
                {
                    throw new OnvifMalformedResponseException(OnvifResponseError.TooLarge, $"response exceeds the limit of {maxBytes} bytes", endpoint);
                }

                return buffer.AsSpan(0, length).ToArray();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
