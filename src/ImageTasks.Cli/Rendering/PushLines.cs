using ImageTasks.Core.Operations.Push;
using ImageTasks.Core.References;

namespace ImageTasks.Cli.Rendering;

/// <summary>The words docker push prints.</summary>
internal static class PushLines
{
    /// <summary>"The push refers to repository [127.0.0.1:5000/foo]" (the full name: docker.io/library/alpine on Docker Hub).</summary>
    public static string Started(Repository repository) => $"The push refers to repository [{repository}]";

    /// <summary>"0123456789ab: Pushed": docker push names a layer by its diff_id, where pull shows the blob digest.</summary>
    public static string Layer(LayerToPush layer, string status) => PullLines.Layer(layer.DiffId, status);

    /// <summary>The line for an event (there is no live push display: a terminal gets these lines too).</summary>
    public static string? For(PushEvent value) => value switch
    {
        PushStarted s => Started(s.Repository),
        LayerPreparing p => Layer(p.Layer, "Preparing"),
        LayerWaiting w => Layer(w.Layer, "Waiting"),
        LayerPushed p => Layer(p.Layer, "Pushed"),
        LayerAlreadyExists e => Layer(e.Layer, "Layer already exists"),
        LayerMounted m => Layer(m.Layer, $"Mounted from {m.From}"),
        ForeignLayerSkipped f => Layer(f.Layer, "Skipped foreign layer"),
        TagPushed t => Finished(t.Result),
        _ => null,
    };

    /// <summary>"1.0: digest: sha256:... size: 528".</summary>
    public static string Finished(PushResult result) => $"{result.Reference.Tag}: digest: {result.Digest} size: {result.Size}";
}
