using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Pull;

/// <summary>What a pull reports as it goes; faces turn these into Docker's lines, progress bars or log messages.</summary>
public abstract record PullEvent;

/// <summary>Resolving a tag or digest of a repository ("TAG: Pulling from REPO").</summary>
public sealed record PullStarted(ImageReference Reference) : PullEvent;

/// <summary>A layer that will be downloaded ("Pulling fs layer").</summary>
public sealed record LayerQueued(Digest Layer, long Size) : PullEvent;

/// <summary>A layer another process is fetching into the store now ("Waiting"); then it exists, or this pull fetches it.</summary>
public sealed record LayerWaiting(Digest Layer) : PullEvent;

/// <summary>A layer the store already holds ("Already exists"), also once another process has stored it.</summary>
public sealed record LayerExists(Digest Layer) : PullEvent;

/// <summary>Bytes received so far ("Downloading").</summary>
public sealed record LayerProgress(Digest Layer, long Received, long Size) : PullEvent;

/// <summary>All bytes in; digests being checked ("Verifying Checksum").</summary>
public sealed record LayerVerifying(Digest Layer) : PullEvent;

/// <summary>Downloaded ("Download complete").</summary>
public sealed record LayerDownloaded(Digest Layer) : PullEvent;

/// <summary>Verified and stored ("Pull complete").</summary>
public sealed record LayerComplete(Digest Layer) : PullEvent;

/// <summary>One reference done ("Digest: ...", then the status line).</summary>
public sealed record PullFinished(PullResult Result) : PullEvent;
