using ImageTasks.Core.Operations.Pull;
using ImageTasks.Core.References;

namespace ImageTasks.Cli.Rendering;

/// <summary>The words docker pull prints, shared by the plain-line and the live renderers.</summary>
internal static class PullLines
{
    /// <summary>"3.19: Pulling from library/alpine": the tag (or, pulled by digest, the whole reference), then the repository path.</summary>
    public static string Started(ImageReference reference) =>
        $"{(reference.Digest is null ? reference.Tag : reference.ToFamiliarString())}: Pulling from {reference.Path}";

    public static string Layer(Digest layer, string status) => $"{layer.ShortId}: {status}";

    /// <summary>The plain (not a terminal) line for an event, or null for events docker shows only as progress.</summary>
    public static string? For(PullEvent value) => value switch
    {
        PullStarted s => Started(s.Reference),
        LayerQueued q => Layer(q.Layer, "Pulling fs layer"),
        LayerWaiting w => Layer(w.Layer, "Waiting"),
        LayerExists e => Layer(e.Layer, "Already exists"),
        LayerVerifying v => Layer(v.Layer, "Verifying Checksum"),
        LayerDownloaded d => Layer(d.Layer, "Download complete"),
        LayerComplete c => Layer(c.Layer, "Pull complete"),
        PullFinished f => TagMoved(f.Result) is { } moved ? Digest(f.Result) + Environment.NewLine + moved : Digest(f.Result),
        _ => null,
    };

    public static string Digest(PullResult result) => $"Digest: {result.RepoDigest}";

    public static string? TagMoved(PullResult result) => result.TagMove is { } move
        ? $"Tag {move.Tag.ToFamiliarString()} moved from {move.PreviousDigest} to {move.CurrentDigest}{(move.PreviousIsDangling ? "; the previous image is now untagged (dangling)" : "")}"
        : null;

    /// <summary>"Status: Downloaded newer image for alpine:3.19" or "Status: Image is up to date for alpine:3.19".</summary>
    public static string Status(ImageReference shown, bool upToDate) =>
        upToDate ? $"Status: Image is up to date for {shown.ToFamiliarString()}" : $"Status: Downloaded newer image for {shown.ToFamiliarString()}";
}
