using ImageTasks.Testing;

// DemoSeed URL               seeds the standard sample images, plus golftrack:1.5
// DemoSeed URL repush R:T    pushes a new image under an existing tag (the tag-mutation story)
if (args.Length is not (1 or 3) || !Uri.TryCreate(args[0], UriKind.Absolute, out var registry) || (args.Length == 3 && args[1] != "repush"))
{
    Console.Error.WriteLine("usage: DemoSeed http://127.0.0.1:PORT/ [repush REPOSITORY:TAG]");
    return 2;
}

using var seeder = new RegistrySeeder(registry);
using var factory = new ImageFactory();
if (args.Length == 3)
{
    var (repository, tag) = (args[2][..args[2].LastIndexOf(':')], args[2][(args[2].LastIndexOf(':') + 1)..]);
    var replacement = await factory.CreateImageAsync(new SyntheticImageOptions { Name = $"{repository}-{tag}-repushed-{DateTime.UtcNow:HHmmss}" });
    Console.WriteLine($"re-pushed {registry.Authority}/{repository}:{tag}  {await seeder.PushImageAsync(repository, replacement, tag)}");
    return 0;
}

using var seed = await StandardSeed.SeedAsync(seeder, registry.Authority);
foreach (var image in seed.Images)
{
    Console.WriteLine($"seeded {seed.Host}/{image.Repository}:{string.Join(",", image.Tags)}  {image.Digest}");
}

foreach (var index in seed.Indexes)
{
    Console.WriteLine($"seeded {seed.Host}/{index.Repository}:{index.Tag}  {index.Digest} ({string.Join(", ", index.PlatformDigests.Keys)})");
}

var golftrack = await factory.CreateImageAsync(new SyntheticImageOptions { Name = "golftrack-1.5" });
Console.WriteLine($"seeded {seed.Host}/golftrack:1.5  {await seeder.PushImageAsync("golftrack", golftrack, "1.5")}");
return 0;
