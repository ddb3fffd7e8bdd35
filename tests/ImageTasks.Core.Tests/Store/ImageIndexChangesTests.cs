using ImageTasks.Core.References;
using ImageTasks.Core.Store;

namespace ImageTasks.Core.Tests.Store;

public sealed class ImageIndexChangesTests
{
    private static readonly ImageReference Repo = ImageReference.Parse("127.0.0.1:5000/golftrack");
    private static readonly ImageReference Tag = Repo.WithTag("1.5");

    private static ImageRecord Image(char id, ImageReference? reference) => new()
    {
        Manifest = Digest.FromHex("sha256", new string(id, 64)),
        MediaType = "application/vnd.oci.image.manifest.v1+json",
        ManifestSize = 100,
        Config = Digest.FromHex("sha256", new string((char)(id + 1), 64)),
        Reference = reference,
        Repository = Repo.Repository,
        RepoDigest = Digest.FromHex("sha256", new string(id, 64)),
    };

    [Fact]
    public void A_moved_tag_leaves_the_old_image_untagged_with_both_digests_reported()
    {
        var images = new List<ImageRecord> { Image('a', Tag) };
        var move = ImageIndexChanges.RecordPull(images, Image('c', Tag));

        Assert.NotNull(move);
        Assert.Equal(Image('a', null).Manifest, move.PreviousDigest);
        Assert.Equal(Image('c', null).Manifest, move.CurrentDigest);
        Assert.True(move.PreviousIsDangling);
        Assert.Equal(2, images.Count);
        Assert.Contains(images, i => i.Reference is null && i.Manifest == Image('a', null).Manifest && i.Repository == Repo.Repository);
        Assert.Contains(images, i => i.Reference == Tag && i.Manifest == Image('c', null).Manifest);
    }

    [Fact]
    public void An_old_image_that_another_tag_names_is_not_dangling()
    {
        var images = new List<ImageRecord> { Image('a', Tag), Image('a', Repo.WithTag("stable")) };
        var move = ImageIndexChanges.RecordPull(images, Image('c', Tag));

        Assert.NotNull(move);
        Assert.False(move.PreviousIsDangling);
        Assert.DoesNotContain(images, i => i.Reference is null);
    }

    [Fact]
    public void Pulling_the_same_image_again_moves_nothing()
    {
        var images = new List<ImageRecord> { Image('a', Tag) };
        Assert.Null(ImageIndexChanges.RecordPull(images, Image('a', Tag)));
        Assert.Single(images);
    }

    [Fact]
    public void Tagging_a_dangling_image_again_removes_its_untagged_entry()
    {
        var images = new List<ImageRecord> { Image('a', null) };
        ImageIndexChanges.RecordPull(images, Image('a', Tag));
        Assert.Equal(Tag, Assert.Single(images).Reference);
    }

    [Fact]
    public void A_pull_by_digest_adds_one_untagged_entry()
    {
        var images = new List<ImageRecord>();
        ImageIndexChanges.RecordPull(images, Image('a', null));
        ImageIndexChanges.RecordPull(images, Image('a', null));
        Assert.Null(Assert.Single(images).Reference);
    }
}
