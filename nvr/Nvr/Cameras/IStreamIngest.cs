namespace Nvr.Cameras;

/// <summary>
/// Pulls one camera stream into its Feed until it fails. Owned by <see cref="CameraSupervisor"/>,
/// which restarts it. Implementations report progress on <see cref="IngestContext"/> and end by
/// throwing (preferably <see cref="IngestException"/>); returning means the stream ended.
/// </summary>
public interface IStreamIngest
{
    Task RunAsync(IngestContext context, CancellationToken cancellationToken);
}
