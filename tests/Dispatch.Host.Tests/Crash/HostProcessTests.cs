using System.Net;

namespace Dispatch.Host.Tests.Crash;

/// <summary>The child-process host the crash tests kill: it starts, dies by SIGKILL, and starts again on its folder.</summary>
public sealed class HostProcessTests
{
    [Fact]
    public async Task Kill_ThenRestartOnSameFolder_LoadsTheSamePoolAndServes()
    {
        var folder = Directory.CreateTempSubdirectory("dispatch-crash-").FullName;
        try
        {
            await using (var first = await HostProcess.StartAsync(folder, volunteers: 3_000))
            {
                Assert.Contains("generated", first.Output, StringComparison.Ordinal);
                await first.KillAsync();
                Assert.True(first.HasExited);
            }

            await using var second = await HostProcess.StartAsync(folder, volunteers: 3_000);
            using var client = second.CreateClient();
            using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("loaded", second.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
