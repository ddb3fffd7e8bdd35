using ImageTasks.Core.Operations.Push;
using ImageTasks.Core.References;

namespace ImageTasks.Cli.Rendering;

/// <summary>The words docker push prints.</summary>
internal static class PushLines
{
    /// <summary>"The push refers to repository [127.0.0.1:5000/foo]" (the full name: docker.io/library/alpine on Docker Hub).</summary>
    public static string Started(ImageReference repository) => $"The push refers to repository [{repository.Repository}]";

    /// <summary>"0123456789ab: Pushed": docker push names a layer by its diff_id, where pull shows the blob digest.</summary>
    public static string Layer(LayerToPush layer, string status) => PullLines.Layer(layer.DiffId, status);

    /// <summary>"1.0: digest: sha256:... size: 528".</summary>
    public static string Finished(PushResult result) => $"{result.Reference.Tag}: digest: {result.Digest} size: {result.Size}";
}
