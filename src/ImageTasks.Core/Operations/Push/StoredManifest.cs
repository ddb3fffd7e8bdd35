using ImageTasks.Core.Manifests;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Operations.Push;

/// <summary>An image's manifest as the store holds it: the exact bytes pulled, so a push keeps the digest.</summary>
internal static class StoredManifest
{
    public static ManifestDocument Read(ImageStore store, ImageRecord record, string what)
    {
        if (!store.HasBlob(record.Manifest))
        {
            throw new StoreException($"image {what} is damaged in the store: its manifest {record.Manifest} is missing; pull it again");
        }

        using var stream = store.OpenBlob(record.Manifest);
        if (stream.Length > ManifestDocument.MaxSize)
        {
            throw new ManifestException($"manifest for {what} is larger than {ManifestDocument.MaxSize} bytes");
        }

        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return ManifestDocument.Parse(bytes, record.MediaType, what);
    }
}
