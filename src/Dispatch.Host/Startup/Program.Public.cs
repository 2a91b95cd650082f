// The top-level Program is internal by default; WebApplicationFactory<Program> in the tests names it.
#pragma warning disable CA1050 // Program lives in the global namespace by the C# top-level statement rules.
public partial class Program;
#pragma warning restore CA1050
