using ImageTasks.Fuzz;
using SharpFuzz;

// ImageTasks.Fuzz TARGET            run under afl-fuzz (SharpFuzz's out-of-process mode)
// ImageTasks.Fuzz TARGET --libfuzzer run under libFuzzer (SharpFuzz's libfuzzer-dotnet driver)
// ImageTasks.Fuzz TARGET FILE|DIR   replay inputs without a fuzzer (reproduce a crash, smoke-test a corpus)
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: ImageTasks.Fuzz {{{string.Join('|', FuzzTargets.All.Keys)}}} [--libfuzzer | FILE | DIR]");
    return 2;
}

if (args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target(buffer.ToArray());
    });
    return 0;
}

if (args[1] == "--libfuzzer")
{
    Fuzzer.LibFuzzer.Run(span => target(span.ToArray()));
    return 0;
}

var files = Directory.Exists(args[1]) ? Directory.GetFiles(args[1]) : [args[1]];
foreach (var file in files)
{
    target(File.ReadAllBytes(file)); // a crash surfaces here with its stack trace
}

Console.WriteLine($"{args[0]}: {files.Length} inputs replayed, no crash");
return 0;
