using System.CommandLine;
using BenchmarkDotNet.Running;

namespace Dispatch.Benchmarks;

/// <summary><c>kernels [BenchmarkDotNet args]</c>: runs the BenchmarkDotNet classes of this assembly.</summary>
internal static class KernelsCommand
{
    public static Command Create()
    {
        var command = new Command("kernels", "Run BenchmarkDotNet kernels; remaining arguments go to BenchmarkDotNet (e.g. --filter *Index*).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(parseResult =>
        {
            var summaries = BenchmarkSwitcher.FromAssembly(typeof(KernelsCommand).Assembly).Run([.. parseResult.UnmatchedTokens]);
            return summaries.Any(s => s.HasCriticalValidationErrors) ? 1 : 0;
        });
        return command;
    }
}
