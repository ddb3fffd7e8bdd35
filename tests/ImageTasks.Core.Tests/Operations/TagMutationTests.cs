using ImageTasks.Testing;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>The seed's golftrack:1.5 story: a tag re-pushed with another image.</summary>
public sealed class TagMutationTests
{
    [Fact]
    public async Task A_re_pushed_tag_moves_and_leaves_the_old_image_dangling_with_both_digests_reported()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using var seeder = registry.CreateSeeder();
        using var factory = new ImageFactory();
        var vulnerable = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "golftrack-1.5-vulnerable" });
        var fixedImage = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "golftrack-1.5-fixed", Format = ManifestFormat.Oci });
        await seeder.PushImageAsync("golftrack", vulnerable, "1.5");

        using var store = new TempStore();
        var reference = $"{registry.Host}/golftrack:1.5";
        var first = await store.PullAsync(reference);
        Assert.Null(first.TagMove);

        await seeder.PushImageAsync("golftrack", fixedImage, "1.5");
        var second = await store.PullAsync(reference);

        Assert.NotNull(second.TagMove);
        Assert.Equal(vulnerable.Digest, second.TagMove.PreviousDigest.ToString());
        Assert.Equal(fixedImage.Digest, second.TagMove.CurrentDigest.ToString());
        Assert.True(second.TagMove.PreviousIsDangling);

        var images = store.Store.ListImages();
        Assert.Equal(2, images.Count);
        var dangling = Assert.Single(images, i => i.Reference is null);
        Assert.Equal(vulnerable.Digest, dangling.Manifest.ToString());
        Assert.Equal($"{registry.Host}/golftrack", dangling.Repository.ToString());
        Assert.Equal(fixedImage.Digest, Assert.Single(images, i => i.Reference is not null).Manifest.ToString());
        Assert.True(store.Store.HasBlob(first.Manifest), "the old image's blobs stay");
        store.AssertEveryBlobMatchesItsDigest();
    }

    [Fact]
    public async Task A_layer_whose_content_contradicts_the_configs_diff_id_is_refused_and_nothing_is_stored()
    {
        await using var registry = await RegistryProcess.StartAsync();
        using var seeder = registry.CreateSeeder();
        using var factory = new ImageFactory();
        var honest = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "honest" });
        var other = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "other" });

        // The config of one image with the layer of another: every blob digest is right, the diff_id is not.
        var forged = ImageFactory.CreateImage(new SyntheticImageOptions { Name = "forged" }, other.Layers);
        var config = honest.Config;
        await seeder.PushBlobAsync("forged", config.Digest, () => new MemoryStream(config.Bytes));
        foreach (var layer in other.Layers)
        {
            await seeder.PushBlobAsync("forged", layer.Digest, layer.OpenRead);
        }

        var manifest = forged.Text.Replace(forged.Config.Digest, config.Digest, StringComparison.Ordinal)
            .Replace($"\"size\":{forged.Config.Size},", $"\"size\":{config.Size},", StringComparison.Ordinal);
        Assert.Contains(config.Digest, manifest, StringComparison.Ordinal);
        await seeder.PushManifestAsync("forged", "1", System.Text.Encoding.UTF8.GetBytes(manifest), forged.MediaType);

        using var store = new TempStore();
        var error = await Assert.ThrowsAsync<ImageTasks.Core.Store.StoreException>(() => store.PullAsync($"{registry.Host}/forged:1"));

        Assert.Contains($"layer {other.Layers[0].Digest} failed verification: its uncompressed content has digest {other.Layers[0].DiffId}", error.Message, StringComparison.Ordinal);
        Assert.False(store.Store.HasBlob(ImageTasks.Core.References.Digest.Parse(other.Layers[0].Digest)));
        Assert.Empty(store.Store.ListImages());
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Root, "imagetasks", "tmp")));
    }
}
