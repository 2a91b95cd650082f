using MudBlazor;

namespace Dispatch.Board.Components;

/// <summary>The board's theme: a sober command-centre palette with CJK-capable fonts first.</summary>
public static class BoardTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1565c0",
            Secondary = "#6a1b9a",
            Error = "#c62828",
            AppbarBackground = "#263238",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Roboto", "sans-serif"],
            },
        },
    };
}
