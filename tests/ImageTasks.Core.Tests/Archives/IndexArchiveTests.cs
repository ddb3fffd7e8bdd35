using System.Formats.Tar;
using System.Text.Json;
using ImageTasks.Core.Operations.Load;
using ImageTasks.Core.Operations.Save;
using ImageTasks.Core.References;
using ImageTasks.Core.Tests.Operations;
using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Archives;

/// <summary>
/// A multi-platform image pulled for two of its four platforms: save writes the image index the tag resolved to (the
/// digest a lock pins) with both platforms' content and not the two the store lacks; load restores the index and both
/// platform manifests into an empty store, as the pulls had left them.
/// </summary>
public sealed class IndexArchiveTests : IClassFixture<StandardRegistryFixture>
{
    private readonly StandardRegistryFixture _fixture;

    public IndexArchiveTests(StandardRegistryFixture fixture) => _fixture = fixture;

    [Fact]
    public async Task A_tag_pulled_through_an_index_is_saved_with_the_index_and_loads_back_with_it_and_both_platforms()
    {
        var seeded = _fixture.Seed.MultiOci;
        var reference = seeded.Reference(_fixture.Registry.Host);
        using var pulled = new TempStore();
        await pulled.PullAsync(reference, "linux/arm64/v8");
        await pulled.PullAsync(reference, "linux/amd64");
        var held = new[] { seeded.PlatformDigests["linux/arm64/v8"], seeded.PlatformDigests["linux/amd64"] };

        using var saved = new MemoryStream();
        await new SaveOperation(pulled.Store).ExecuteAsync(new SaveOptions([reference]), saved, CancellationToken.None);

        var entries = Entries(saved.ToArray());
        var indexJson = JsonDocument.Parse(entries["index.json"]).RootElement.GetProperty("manifests");
        Assert.Equal([seeded.Digest], indexJson.EnumerateArray().Select(m => m.GetProperty("digest").GetString()));
        Assert.Equal(seeded.Index.Bytes, entries[$"blobs/sha256/{seeded.Digest[7..]}"]); // byte for byte: the pinned digest holds
        Assert.All(held, d => Assert.Contains($"blobs/sha256/{d[7..]}", entries.Keys));
        Assert.All(seeded.PlatformDigests.Values.Except(held), d => Assert.DoesNotContain($"blobs/sha256/{d[7..]}", entries.Keys));

        using var loaded = new TempStore();
        await new LoadOperation(loaded.Store).ExecuteAsync(new MemoryStream(saved.ToArray()), CancellationToken.None);

        var index = Digest.Parse(seeded.Digest);
        Assert.True(loaded.Store.HasBlob(index));
        var records = loaded.Store.ListImages();
        Assert.Equal(held.Order(), records.Where(r => r.RepoDigest == index).Select(r => r.Manifest.ToString()).Distinct().Order());
        Assert.All(records, r => Assert.Null(loaded.Store.MissingBlob(r)));
        var tagged = Assert.Single(records, r => r.Reference is not null);
        Assert.Equal(reference, tagged.Reference!.ToString());
        Assert.All(records, r => Assert.Equal($"{_fixture.Registry.Host}/{seeded.Repository}", r.Repository.ToString()));
    }

    private static Dictionary<string, byte[]> Entries(byte[] archive)
    {
        using var reader = new TarReader(new MemoryStream(archive));
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (reader.GetNextEntry() is { } entry)
        {
            using var content = new MemoryStream();
            entry.DataStream?.CopyTo(content);
            entries[entry.Name] = content.ToArray();
        }

        return entries;
    }
}
