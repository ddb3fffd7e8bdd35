using System.Globalization;
using System.Text;

namespace ImageTasks.Core.Store;

/// <summary>
/// A live writer's mark in the store: a small file under <c>imagetasks/owners/</c>, held open exclusively (flock on
/// Unix, a share-none handle on Windows) for as long as its <see cref="ImageStore"/> lives. Temp files and leases carry
/// the owner's ID in their names, so any later command can tell they belong to a process that died (the OS dropped its
/// lock) and reclaim them at once, instead of guessing by age.
/// </summary>
internal sealed class StoreOwner
{
    private const int Attempts = 5;

    private static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdef");

    // Never read: holding the handle is what holds the lock; the OS releases it when the process dies.
    private readonly FileStream _handle;

    private StoreOwner(string id, FileStream handle)
    {
        Id = id;
        _handle = handle;
    }

    public string Id { get; }

    public static StoreOwner Create(string folder)
    {
        Directory.CreateDirectory(folder);
        for (var attempt = 1; ; attempt++)
        {
            var id = Guid.NewGuid().ToString("N")[..16];
            var path = Path.Combine(folder, id);
            try
            {
                var handle = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
                // A sweeper can open the file between its creation and our lock, find it unlocked and reap it (it deletes
                // only while holding the lock). Once we hold the lock and the file still exists, nobody can reap it.
                if (File.Exists(path))
                {
                    handle.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture)));
                    handle.Flush();
                    return new StoreOwner(id, handle);
                }

                handle.Dispose();
            }
            catch (IOException e) when (e is not FileNotFoundException && attempt < Attempts)
            {
                // reaped under us (see above): try another ID
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new Diagnostics.FileAccessException($"cannot write to the image store's folder {folder}: {Diagnostics.Failures.Describe(e)}: check the path, its permissions and the free disk space", e);
            }
        }
    }

    /// <summary>
    /// Whether the owner <paramref name="id"/> is still held by a live process. A dead owner's file is deleted while we
    /// hold its lock when <paramref name="reap"/> is set, so it can never be taken for a live one again.
    /// </summary>
    public static bool IsAlive(string folder, string id, bool reap)
    {
        if (id.Length == 0 || id.AsSpan().ContainsAnyExcept(Hex))
        {
            return false; // not a name we give: no process owns it
        }

        try
        {
            using var probe = new FileStream(Path.Combine(folder, id), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1, reap ? FileOptions.DeleteOnClose : FileOptions.None);
            return false;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true; // locked by its process (or we cannot tell): leave it alone
        }
    }

    /// <summary>The owner ID a temp or lease file name starts with ("OWNER.rest"); empty for names from older versions.</summary>
    public static string OwnerOf(string fileName)
    {
        var dot = fileName.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? fileName[..dot] : "";
    }

    /// <summary>The process ID the owner file records (for messages), or null.</summary>
    public static int? ProcessOf(string folder, string id)
    {
        try
        {
            // The live owner holds the file exclusively, so this reads only dead owners' files.
            return int.TryParse(File.ReadAllText(Path.Combine(folder, id)), CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public override string ToString() => $"{Id} ({_handle.Name})";
}
