using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/ImageTasks.Benchmarks -- --filter '*'            (all, default job)
// dotnet run -c Release --project tests/ImageTasks.Benchmarks -- --filter '*Layer*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
