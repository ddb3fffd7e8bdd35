using System.Security.Cryptography;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Store.Ingest;

/// <summary>
/// The one way a blob's bytes become a digest: hashed with the algorithm the expected digest names (sha256 or sha512),
/// and counted, as they pass.
/// </summary>
internal sealed class DigestHasher : IDisposable
{
    private readonly IncrementalHash _hash;

    /// <param name="algorithm">"sha256" or "sha512", as <see cref="Digest.Algorithm"/> says</param>
    public DigestHasher(string algorithm)
    {
        Algorithm = algorithm;
        _hash = IncrementalHash.CreateHash(algorithm == "sha512" ? HashAlgorithmName.SHA512 : HashAlgorithmName.SHA256);
    }

    public string Algorithm { get; }

    /// <summary>Bytes hashed so far.</summary>
    public long Length { get; private set; }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        _hash.AppendData(bytes);
        Length += bytes.Length;
    }

    /// <summary>The digest of every byte appended (once: the hasher starts over after).</summary>
    public Digest Digest() => References.Digest.FromHex(Algorithm, Convert.ToHexStringLower(_hash.GetHashAndReset()));

    public void Dispose() => _hash.Dispose();
}
