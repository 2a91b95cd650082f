using Dispatch.Host.Cli;

return await DispatchCli.Build(args).Parse(args).InvokeAsync();
