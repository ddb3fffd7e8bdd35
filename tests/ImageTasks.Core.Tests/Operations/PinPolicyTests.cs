using ImageTasks.Core.Operations.Lock;
using ImageTasks.Core.Pinning;
using ImageTasks.Core.References;

namespace ImageTasks.Core.Tests.Operations;

/// <summary>
/// The pinning matrix as a table: the lock's pin, the reference's own digest and what the tag points to now, against
/// locked mode, offline, update, the mutation policy and the tag check. Letters stand for digests; "-" for none.
/// Columns to the right of the arrow: whether the tag is looked up, the pin used, whether the lock's platforms still
/// apply, and the diagnostic (code, E for error or W for warning) or "-".
/// </summary>
public sealed class PinPolicyTests
{
    [Theory]
    //          lock own now  locked offline update mutation tagCheck  -> asks pin keeps diagnostic
    // First pin: online resolves the tag; offline and locked mode cannot.
    [InlineData("-", "-", "A", false, false, false, "Error", true, true, "A", false, "-")]
    [InlineData("-", "-", "-", false, true, false, "Error", true, false, "-", false, "IMG1005 E")]
    [InlineData("-", "-", "-", true, false, false, "Error", true, false, "-", false, "IMG1003 E")]
    [InlineData("-", "-", "A", false, false, false, "Error", false, true, "A", false, "-")] // no tag check still resolves a first pin
    // A pin, checked: unchanged, mutated under each policy, accepted by update (never in locked mode).
    [InlineData("A", "-", "A", false, false, false, "Error", true, true, "A", true, "-")]
    [InlineData("A", "-", "B", false, false, false, "Error", true, true, "A", true, "IMG1001 E")]
    [InlineData("A", "-", "B", false, false, false, "Warning", true, true, "A", true, "IMG1001 W")]
    [InlineData("A", "-", "B", false, false, false, "None", true, true, "A", true, "-")]
    [InlineData("A", "-", "B", false, false, true, "Error", true, true, "B", false, "-")]
    [InlineData("A", "-", "B", true, false, true, "Error", true, true, "A", true, "IMG1001 E")]
    [InlineData("A", "-", "B", true, false, false, "Warning", true, true, "A", true, "IMG1001 W")]
    // A pin, not checked: tag check off, or offline; locked mode changes nothing then.
    [InlineData("A", "-", "-", false, false, false, "Error", false, false, "A", true, "-")]
    [InlineData("A", "-", "-", false, true, false, "Error", true, false, "A", true, "-")]
    [InlineData("A", "-", "-", true, true, true, "Error", true, false, "A", true, "-")]
    // The reference's own @digest is a pin: it wins over a lock that differs (not in locked mode), and update cannot move it.
    [InlineData("A", "A", "A", false, false, false, "Error", true, true, "A", true, "-")]
    [InlineData("A", "B", "B", false, false, false, "Error", true, true, "B", false, "-")]
    [InlineData("A", "B", "C", false, false, true, "Error", true, true, "B", false, "IMG1001 E")]
    [InlineData("A", "B", "-", true, false, false, "Error", true, false, "-", false, "IMG1003 E")]
    [InlineData("-", "B", "-", false, true, false, "Error", true, false, "B", false, "-")]
    [InlineData("-", "B", "B", true, false, false, "Error", true, true, "B", false, "-")]
    public void The_pin_follows_the_table(
        string locked, string own, string now, bool lockedMode, bool offline, bool update, string mutation, bool tagCheck,
        bool asks, string pin, bool keeps, string diagnostic)
    {
        var options = new LockOptions("images.lock.json")
        {
            LockedMode = lockedMode,
            Offline = offline,
            Update = update,
            Mutation = Enum.Parse<TagMutationPolicy>(mutation),
            TagCheck = tagCheck,
        };
        var key = own == "-" ? "registry.test/app:1" : $"registry.test/app:1@{D(own)}";
        var facts = new PinFacts(key, true, D(own), D(locked), null);

        Assert.Equal(asks, PinPolicy.ChecksTag(facts, options));
        var decision = PinPolicy.Decide(asks ? facts with { Current = D(now) } : facts, options);

        Assert.Equal(D(pin), decision.Pin);
        Assert.Equal(pin == "-", decision.Stop);
        Assert.Equal(keeps, decision.KeepsLockedPlatforms);
        Assert.Equal(diagnostic, decision.Diagnostic is { } d ? $"{d.Code.Id} {(d.IsError ? "E" : "W")}" : "-");
    }

    [Theory]
    //          lock own  locked update inStore -> quick pin diagnostic
    // A developer build of a pinned reference whose image the store holds: the pinned image, with a warning.
    [InlineData("A", "-", false, false, true, true, "A", "IMG1012 W")]
    [InlineData("A", "A", false, false, true, true, "A", "IMG1012 W")]
    // Nothing to fall back to, or not allowed to: an error.
    [InlineData("A", "-", false, false, false, true, "-", "IMG1008 E")] // the pinned image is not in the store
    [InlineData("A", "-", true, false, true, false, "-", "IMG1008 E")] // locked mode (CI)
    [InlineData("A", "-", false, true, true, false, "-", "IMG1008 E")] // an update asks what the tag points to now
    [InlineData("-", "-", false, false, false, false, "-", "IMG1008 E")] // a first pin
    public void An_unreachable_registry_falls_back_to_the_store_only_on_a_developer_build_of_a_stored_pin(
        string locked, string own, bool lockedMode, bool update, bool inStore, bool quick, string pin, string diagnostic)
    {
        var options = new LockOptions("images.lock.json") { LockedMode = lockedMode, Update = update };
        var key = own == "-" ? "registry.test/app:1" : $"registry.test/app:1@{D(own)}";
        var facts = new PinFacts(key, true, D(own), D(locked), null);
        Assert.True(PinPolicy.ChecksTag(facts, options));
        Assert.Equal(quick, PinPolicy.MayFallBackToStore(facts, options));

        var unreachable = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (registry.test:443)");
        var decision = PinPolicy.Decide(facts with { Unreachable = unreachable, PinnedInStore = inStore }, options);

        Assert.Equal(D(pin), decision.Pin);
        Assert.Equal(pin == "-", decision.Stop);
        Assert.Equal(diagnostic, decision.Diagnostic is { } d ? $"{d.Code.Id} {(d.IsError ? "E" : "W")}" : "-");
        Assert.Contains("registry.test", decision.Diagnostic!.Message, StringComparison.Ordinal);
        Assert.Contains("Connection refused", decision.Diagnostic.Message, StringComparison.Ordinal);
        if (!decision.Stop)
        {
            Assert.Contains($"uses the pinned image {D(pin)} from the image store", decision.Diagnostic.Message, StringComparison.Ordinal);
            Assert.Contains("ImageLockedMode=true", decision.Diagnostic.Message, StringComparison.Ordinal); // how to make it an error
        }
    }

    [Fact]
    public void A_digest_only_reference_is_never_looked_up_by_tag()
    {
        var facts = new PinFacts($"registry.test/app@{D("A")}", false, D("A"), null, null);

        Assert.False(PinPolicy.ChecksTag(facts, new LockOptions("images.lock.json")));
        Assert.Equal(D("A"), PinPolicy.Decide(facts, new LockOptions("images.lock.json")).Pin);
    }

    [Fact]
    public void A_mutation_names_the_tag_and_both_digests()
    {
        var facts = new PinFacts("docker.io/library/alpine:3.19", true, null, D("A"), D("B"));

        var message = PinPolicy.Decide(facts, new LockOptions("images.lock.json")).Diagnostic!.Message;

        Assert.StartsWith($"The tag alpine:3.19 was mutated in the registry: it is pinned to {D("A")} but now points to {D("B")}.", message, StringComparison.Ordinal);
    }

    private static Digest? D(string letter) => letter == "-" ? null : Digest.FromHex("sha256", new string((char)(letter[0] - 'A' + 'a'), 64));
}
