using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Push;

/// <summary>What to push. Built by the faces from flags or items; checked here, once.</summary>
public sealed record PushOptions
{
    private readonly int _maxConcurrentUploads = 5;
    private readonly long _chunkSize = 8 * 1024 * 1024;

    public PushOptions(ImageReference reference, bool allTags = false)
    {
        if (reference.Digest is not null)
        {
            throw new PushException("cannot push a digest reference");
        }

        if (allTags && reference.Tag is not null)
        {
            throw UsageErrors.TagWithAllTags(reference.ToFamiliarString());
        }

        Reference = allTags ? reference : reference.WithDefaultTag();
        AllTags = allTags;
    }

    /// <summary>The tag to push (latest when none was given), or the repository whose tags all go with <see cref="AllTags"/>.</summary>
    public ImageReference Reference { get; }

    public bool AllTags { get; }

    /// <summary>Layers uploaded at once (Docker's max-concurrent-uploads default is 5); the rest are reported waiting.</summary>
    public int MaxConcurrentUploads
    {
        get => _maxConcurrentUploads;
        init => _maxConcurrentUploads = value > 0 ? value : throw new PushException($"max concurrent uploads must be at least 1: {value}");
    }

    /// <summary>
    /// Bytes per PATCH when the registry refuses a blob in one PUT. Small enough for the body limits of the proxies that
    /// usually cause that refusal, large enough that a big layer is not thousands of requests.
    /// </summary>
    public long ChunkSize
    {
        get => _chunkSize;
        init => _chunkSize = value > 0 ? value : throw new PushException($"chunk size must be at least 1 byte: {value}");
    }
}
