using ImageTasks.Testing;

if (args.Length != 1 || !Uri.TryCreate(args[0], UriKind.Absolute, out var registry))
{
    Console.Error.WriteLine("usage: DemoSeed http://127.0.0.1:PORT/");
    return 2;
}

using var seeder = new RegistrySeeder(registry);
using var seed = await StandardSeed.SeedAsync(seeder, registry.Authority);
foreach (var image in seed.Images)
{
    Console.WriteLine($"seeded {seed.Host}/{image.Repository}:{string.Join(",", image.Tags)}  {image.Digest}");
}

foreach (var index in seed.Indexes)
{
    Console.WriteLine($"seeded {seed.Host}/{index.Repository}:{index.Tag}  {index.Digest} ({string.Join(", ", index.PlatformDigests.Keys)})");
}

return 0;
