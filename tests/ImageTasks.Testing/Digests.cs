using System.Security.Cryptography;

namespace ImageTasks.Testing;

/// <summary>sha256 content digests in the "sha256:hex" form registries use.</summary>
public static class Digests
{
    private const string Prefix = "sha256:";

    public static string Sha256(ReadOnlySpan<byte> bytes) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static async Task<string> Sha256Async(Stream stream, CancellationToken cancellationToken = default)
    {
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return Prefix + Convert.ToHexStringLower(hash);
    }

    public static async Task<string> Sha256FileAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(path);
        return await Sha256Async(stream, cancellationToken);
    }

    /// <summary>The hex part of a sha256 digest, as used for blob file names on disk.</summary>
    public static string Hex(string digest)
    {
        if (!digest.StartsWith(Prefix, StringComparison.Ordinal) || digest.Length != Prefix.Length + 64)
        {
            throw new ArgumentException($"'{digest}' is not a sha256 digest.", nameof(digest));
        }

        return digest[Prefix.Length..];
    }
}
