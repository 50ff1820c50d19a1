namespace Nvr.Media.Mp4;

/// <summary>
/// The 32-bit sample flags of movie fragments (ISO/IEC 14496-12 §8.8.3.1).
/// </summary>
/// <remarks>
/// <code>
///  reserved (4) | is_leading (2) | sample_depends_on (2) | sample_is_depended_on (2) |
///  sample_has_redundancy (2) | sample_padding_value (3) | sample_is_non_sync_sample (1) |
///  sample_degradation_priority (16)
/// </code>
/// sample_depends_on: 1 = depends on others (not an I picture), 2 = does not depend on others.
/// </remarks>
public static class Mp4SampleFlags
{
    /// <summary>Video sync sample (IDR/IRAP): depends_on = 2, non_sync = 0.</summary>
    public const uint Sync = 0x02000000;
    /// <summary>Video non-sync sample: depends_on = 1, non_sync = 1.</summary>
    public const uint NonSync = 0x01010000;
    /// <summary>Audio sample: every one is a sync sample that depends on no other.</summary>
    public const uint Audio = Sync;

    private const uint NonSyncBit = 0x00010000;

    /// <summary>True when sample_is_non_sync_sample is 0.</summary>
    public static bool IsSync(uint flags) => (flags & NonSyncBit) == 0;

    /// <summary>sample_depends_on (0 unknown, 1 yes, 2 no).</summary>
    public static int DependsOn(uint flags) => (int)((flags >> 24) & 3);
}
