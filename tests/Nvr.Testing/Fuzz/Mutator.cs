namespace Nvr.Testing.Fuzz;

/// <summary>Deterministic byte-level mutations in the style of AFL's havoc stage.</summary>
public static class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x10, 0x40];

    public static byte[] Mutate(byte[] input, Random rng)
    {
        var data = new List<byte>(input);
        int rounds = 1 + rng.Next(4);
        for (int r = 0; r < rounds; r++)
        {
            switch (rng.Next(7))
            {
                case 0 when data.Count > 0: // flip a bit
                    {
                        int i = rng.Next(data.Count);
                        data[i] ^= (byte)(1 << rng.Next(8));
                        break;
                    }
                case 1 when data.Count > 0: // boundary byte
                    data[rng.Next(data.Count)] = Interesting[rng.Next(Interesting.Length)];
                    break;
                case 2 when data.Count > 1: // truncate to a random length
                    {
                        int keep = rng.Next(1, data.Count);
                        data.RemoveRange(keep, data.Count - keep);
                        break;
                    }
                case 3 when data.Count > 0: // duplicate a block
                    {
                        int start = rng.Next(data.Count);
                        int len = Math.Min(data.Count - start, 1 + rng.Next(64));
                        data.InsertRange(rng.Next(data.Count), data.GetRange(start, len));
                        break;
                    }
                case 4: // insert random bytes
                    {
                        int len = 1 + rng.Next(16);
                        var bytes = new byte[len];
                        rng.NextBytes(bytes);
                        data.InsertRange(data.Count == 0 ? 0 : rng.Next(data.Count), bytes);
                        break;
                    }
                case 5 when data.Count > 1: // big-endian 16/32-bit length field set to a huge value
                    {
                        int i = rng.Next(data.Count - 1);
                        data[i] = 0xFF;
                        data[i + 1] = 0xFF;
                        break;
                    }
                default: // delete a byte
                    if (data.Count > 0) data.RemoveAt(rng.Next(data.Count));
                    break;
            }
        }
        return data.ToArray();
    }
}
