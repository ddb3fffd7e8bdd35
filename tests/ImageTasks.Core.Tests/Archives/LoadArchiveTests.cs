using System.Text;
using ImageTasks.Core.Diagnostics;
using ImageTasks.Core.Operations.Load;
using ImageTasks.Core.Operations.Save;
using ImageTasks.Core.Tests.Operations;

namespace ImageTasks.Core.Tests.Archives;

/// <summary>
/// <c>load</c> and <c>save</c> against archives built entry by entry: docker 20.10's form loads with docker's image ID,
/// gzip or not, its links between its own files included; a save loads back with the same digest. Every hostile archive
/// (a path that escapes, a link out, a duplicate, a truncated tar, a digest or size that lies, too many entries, an
/// oversized document, a bad image after a good one) is refused with one coded line and leaves the store as it was.
/// </summary>
public sealed class LoadArchiveTests : IDisposable
{
    private static readonly byte[] BaseLayer = TestArchive.Layer("etc/base.txt", "base");
    private static readonly byte[] AppLayer = TestArchive.Layer("app/app.txt", "app");

    private readonly TempStore _store = new();

    public void Dispose() => _store.Dispose();

    private Task<LoadResult> LoadAsync(byte[] archive, TempStore? into = null) =>
        new LoadOperation((into ?? _store).Store).ExecuteAsync(new MemoryStream(archive), CancellationToken.None);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_docker_20_10_archive_loads_with_dockers_image_id_and_a_manifest_built_as_docker_builds_it(bool gzip)
    {
        var archive = new TestArchive();
        var id = archive.Image("example.com/app:1", BaseLayer, AppLayer);

        var result = await LoadAsync(archive.Manifest().ToBytes(gzip));

        var image = Assert.Single(result.Images);
        Assert.Equal(id, image.Id.ToString());
        Assert.Equal(["example.com/app:1"], image.Tags.Select(t => t.ToFamiliarString()));
        var record = Assert.Single(_store.Store.ListImages());
        Assert.Equal("example.com/app:1", record.Reference!.ToFamiliarString());
        Assert.Null(record.RepoDigest); // a 20.10 archive carries no distribution manifest, so no digest a registry knows
        var manifest = _store.Store.ReadManifest(record.Manifest)!;
        Assert.Equal("application/vnd.oci.image.config.v1+json", manifest.Config.MediaType);
        Assert.Equal([TestArchive.Sha256(BaseLayer), TestArchive.Sha256(AppLayer)], manifest.Layers.Select(l => l.Digest.ToString()));
        Assert.All(manifest.Layers, l => Assert.Equal("application/vnd.oci.image.layer.v1.tar", l.MediaType));
        Assert.Equal("base".Length + "app".Length, record.Size); // docker's SIZE: the bytes of the layers' files
        _store.AssertEveryBlobMatchesItsDigest();
    }

    [Fact]
    public async Task A_layer_saved_twice_as_a_link_to_its_first_copy_loads_for_both_images()
    {
        var archive = new TestArchive();
        var first = archive.Image("example.com/one:1", BaseLayer);
        var config = TestArchive.Config([TestArchive.Sha256(BaseLayer)], author: "second");
        var second = TestArchive.Sha256(config);
        var folder = TestArchive.LayerFolder(second, 0);
        archive.Folder(folder + "/")
            .Link($"{folder}/layer.tar", $"../{TestArchive.LayerFolder(first, 0)}/layer.tar")
            .File($"{second[7..]}.json", config)
            .Names(second, "example.com/two:1", [$"{folder}/layer.tar"]);

        var result = await LoadAsync(archive.Manifest().ToBytes());

        Assert.Equal([first, second], result.Images.Select(i => i.Id.ToString()));
        Assert.Equal(2, _store.Store.ListImages().Count);
        Assert.All(_store.Store.ListImages(), r => Assert.Null(_store.Store.MissingBlob(r)));
    }

    [Fact]
    public async Task An_oci_layout_archive_keeps_its_manifest_digest_and_a_save_loads_back_with_the_same_digest()
    {
        var archive = new TestArchive();
        var digest = archive.OciImage("example.com/oci:2", 0, BaseLayer, AppLayer);
        await LoadAsync(archive.ToBytes());
        var record = Assert.Single(_store.Store.ListImages());
        Assert.Equal(digest, record.Manifest.ToString());
        Assert.Equal(digest, record.RepoDigest.ToString());

        using var saved = new MemoryStream();
        await new SaveOperation(_store.Store).ExecuteAsync(new SaveOptions(["example.com/oci:2"]), saved, CancellationToken.None);
        using var other = new TempStore();
        var result = await LoadAsync(saved.ToArray(), other);

        Assert.Equal(["example.com/oci:2"], Assert.Single(result.Images).Tags.Select(t => t.ToFamiliarString()));
        var back = Assert.Single(other.Store.ListImages());
        Assert.Equal((record.Manifest, record.Config, record.Size), (back.Manifest, back.Config, back.Size));
        other.AssertEveryBlobMatchesItsDigest();
    }

    [Fact]
    public async Task A_save_of_an_unknown_name_writes_nothing()
    {
        using var saved = new MemoryStream();
        var error = await Assert.ThrowsAsync<ImageTasks.Core.Store.ImageNotFoundException>(() =>
            new SaveOperation(_store.Store).ExecuteAsync(new SaveOptions(["nothing:here"]), saved, CancellationToken.None));

        Assert.Equal("No such image: nothing:here", error.Message);
        Assert.Equal(0, saved.Length);
    }

    public static TheoryData<string, string> HostileArchives => new()
    {
        { "path-escape", "IMG2012" },
        { "absolute-path", "IMG2012" },
        { "symlink-out", "IMG2012" },
        { "symlink-absolute", "IMG2012" },
        { "hardlink-missing", "IMG2012" },
        { "duplicate", "IMG2012" },
        { "truncated", "IMG2012" },
        { "truncated-gzip", "IMG2012" },
        { "not-a-tar", "IMG2012" },
        { "ten-thousand-entries", "IMG2012" },
        { "oversized-manifest-json", "IMG2012" },
        { "missing-layer", "IMG2012" },
        { "digest-lie", "IMG2013" },
        { "size-lie", "IMG2013" },
        { "diff-id-lie", "IMG2013" },
        { "bad-second-image", "IMG2013" },
    };

    [Theory]
    [MemberData(nameof(HostileArchives))]
    public async Task A_hostile_archive_is_refused_with_one_coded_line_and_the_store_is_unchanged(string kind, string code)
    {
        var good = new TestArchive();
        good.Image("example.com/kept:1", BaseLayer);
        await LoadAsync(good.Manifest().ToBytes());
        var before = Snapshot();

        var error = await Assert.ThrowsAnyAsync<ImageTasksException>(() => LoadAsync(Hostile(kind)));

        Assert.Equal(code, error.Code.Id);
        Assert.DoesNotContain('\n', error.Message);
        Assert.StartsWith("invalid image archive: ", error.Message, StringComparison.Ordinal);
        if (kind == "not-a-tar")
        {
            // Our words only: the tar or gzip reader's own reason ("Unable to parse number", ...) is not the user's business.
            Assert.Equal("invalid image archive: it is truncated or not a tar archive; nothing was loaded", error.Message);
        }

        Assert.Equal(before, Snapshot());
        Assert.Empty(Directory.GetFiles(Path.Combine(_store.Root, "imagetasks", "tmp")));
    }

    private static byte[] Hostile(string kind)
    {
        var archive = new TestArchive();
        switch (kind)
        {
            case "path-escape":
                archive.File("../escaped", "x");
                break;
            case "absolute-path":
                archive.File("/etc/escaped", "x");
                break;
            case "symlink-out":
                archive.Link("layer.tar", "../../etc/passwd");
                break;
            case "symlink-absolute":
                archive.Link("layer.tar", "/etc/passwd");
                break;
            case "hardlink-missing":
                archive.Link("layer.tar", "nowhere/layer.tar", symbolic: false);
                break;
            case "duplicate":
                archive.Image("example.com/app:1", AppLayer);
                archive.Manifest().Manifest();
                return archive.ToBytes();
            case "truncated":
            case "truncated-gzip":
                archive.Image("example.com/app:1", TestArchive.Layer("big.bin", new string('x', 100_000)));
                var whole = archive.Manifest().ToBytes(gzip: kind == "truncated-gzip");
                return whole[..(whole.Length / 2)];
            case "not-a-tar":
                return Encoding.UTF8.GetBytes("this is not an archive at all, but it is long enough to look like a header block? no.");
            case "ten-thousand-entries":
                for (var i = 0; i < 10_000; i++)
                {
                    archive.File($"f/{i}", "");
                }

                break;
            case "oversized-manifest-json":
                archive.File("manifest.json", "[" + new string(' ', 5 * 1024 * 1024) + "]");
                return archive.ToBytes();
            case "missing-layer":
                archive.Image("example.com/app:1", AppLayer);
                archive.Names(TestArchive.Sha256(TestArchive.Config([TestArchive.Sha256(AppLayer)])), "example.com/app:2", ["not/there/layer.tar"]);
                break;
            case "digest-lie":
                archive.Folder("blobs/").Folder("blobs/sha256/").File($"blobs/sha256/{TestArchive.Sha256(AppLayer)[7..]}", BaseLayer);
                return archive.ToBytes();
            case "size-lie":
                archive.OciImage("example.com/oci:1", 1, AppLayer);
                return archive.ToBytes();
            case "diff-id-lie":
                archive.ImageWithConfig("example.com/app:1", TestArchive.Config([TestArchive.Sha256(BaseLayer)]), AppLayer);
                break;
            case "bad-second-image":
                archive.Image("example.com/good:1", AppLayer, TestArchive.Layer("new.txt", "only in the good image"));
                archive.ImageWithConfig("example.com/bad:1", TestArchive.Config([TestArchive.Sha256(BaseLayer)], author: "bad"), AppLayer);
                break;
        }

        return archive.Manifest().ToBytes();
    }

    /// <summary>Every blob, layer fact and the index: what a load must not touch when it fails.</summary>
    private List<string> Snapshot()
    {
        var root = _store.Root;
        return Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => f.StartsWith("blobs", StringComparison.Ordinal) || f == "index.json" || f.Contains("layers", StringComparison.Ordinal))
            .Select(f => $"{f} {File.ReadAllBytes(Path.Combine(root, f)).Length} {TestArchive.Sha256(File.ReadAllBytes(Path.Combine(root, f)))}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
