using ImageTasks.Core.References;

namespace ImageTasks.Core.Operations.Push;

/// <summary>What a push reports as it goes; faces turn these into Docker's lines or log messages.</summary>
public abstract record PushEvent;

/// <summary>"The push refers to repository [HOST/NAME]": reported before the store is searched, as Docker does.</summary>
public sealed record PushStarted(Repository Repository) : PushEvent;

/// <summary>Every layer of the image, top layer first, before any request ("Preparing").</summary>
public sealed record LayerPreparing(LayerToPush Layer) : PushEvent;

/// <summary>A layer beyond the concurrent upload limit ("Waiting").</summary>
public sealed record LayerWaiting(LayerToPush Layer) : PushEvent;

/// <summary>Bytes sent so far ("Pushing").</summary>
public sealed record LayerPushing(LayerToPush Layer, long Sent) : PushEvent;

/// <summary>Uploaded ("Pushed").</summary>
public sealed record LayerPushed(LayerToPush Layer) : PushEvent;

/// <summary>The repository already had it ("Layer already exists").</summary>
public sealed record LayerAlreadyExists(LayerToPush Layer) : PushEvent;

/// <summary>Linked from another repository of the same registry ("Mounted from library/alpine").</summary>
public sealed record LayerMounted(LayerToPush Layer, string From) : PushEvent;

/// <summary>A foreign (non-distributable) layer left to its URLs ("Skipped foreign layer").</summary>
public sealed record ForeignLayerSkipped(LayerToPush Layer) : PushEvent;

/// <summary>One tag done: config and manifest are on the registry ("TAG: digest: sha256:... size: N").</summary>
public sealed record TagPushed(PushResult Result) : PushEvent;
