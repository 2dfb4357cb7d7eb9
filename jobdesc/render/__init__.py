"""One renderer per output. Each module has `render(ctx: BuildContext) -> list[Path]`."""
