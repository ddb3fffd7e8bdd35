using ImageTasks.Core.Diagnostics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace ImageTasks.Core.Pinning;

/// <summary>Reads and writes images.lock.json: atomically, and only when a pin changed, so builds leave it untouched.</summary>
public static class ImageLockFile
{
    public const string DefaultName = "images.lock.json";

    /// <returns>the lock, or null when the file does not exist</returns>
    public static ImageLock? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var imageLock = JsonSerializer.Deserialize(File.ReadAllBytes(path), ImageLockJsonContext.Default.ImageLock)
                ?? throw PinningErrors.LockEmpty(path);
            if (imageLock.Version != ImageLock.CurrentVersion)
            {
                throw PinningErrors.LockVersion(path, imageLock.Version, ImageLock.CurrentVersion);
            }

            foreach (var (key, entry) in imageLock.Images ?? [])
            {
                if (Invalid(key, entry) is { } reason)
                {
                    throw Diagnostics.PinningErrors.LockUnreadable(path, $"the entry \"{key}\" {reason}");
                }
            }

            return imageLock with { Images = new SortedDictionary<string, LockedImage>(imageLock.Images ?? [], StringComparer.Ordinal) };
        }
        catch (JsonException e)
        {
            throw PinningErrors.LockUnreadable(path, e.Message, e);
        }
    }

    /// <summary>Why an entry cannot be used (every field is checked here, so nothing later meets a null or a bad digest); null when it can.</summary>
    private static string? Invalid(string key, LockedImage? entry)
    {
        if (!References.ImageReference.TryParse(key, out _, out var error))
        {
            return $"is not an image reference ({error})";
        }

        if (entry is null || entry.Digest is null || entry.MediaType is null || entry.Platforms is null)
        {
            return "lacks digest, mediaType or platforms";
        }

        if (!References.Digest.TryParse(entry.Digest, out _))
        {
            return $"has an invalid digest \"{entry.Digest}\"";
        }

        foreach (var (platform, digest) in entry.Platforms)
        {
            if (!Platforms.Platform.TryParse(platform, out _))
            {
                return $"has an invalid platform \"{platform}\"";
            }

            if (!References.Digest.TryParse(digest, out _))
            {
                return $"has an invalid digest \"{digest}\" for {platform}";
            }
        }

        return null;
    }

    /// <summary>Readable JSON: '+' in media types stays '+', not \u002B.</summary>
    private static readonly JsonSerializerOptions WriteOptions = new(ImageLockJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(string path, ImageLock imageLock)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(imageLock, (JsonTypeInfo<ImageLock>)WriteOptions.GetTypeInfo(typeof(ImageLock)));
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                file.Write(bytes);
                file.Write("\n"u8);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            File.Delete(temp); // a full disk or a denied rename leaves no stray temp file beside the lock
            throw;
        }
    }
}
