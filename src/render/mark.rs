//! The backend-neutral marks both painters draw (the window with egui, `render` with
//! tiny-skia): circles, symbols, paths, panels and text, in screen coordinates.

use crate::model::{Rgba, Symbol};

/// A line's colour, width and whether it is dashed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub color: Rgba,
    pub width: f32,
    pub dashed: bool,
}

impl Line {
    pub const fn solid(color: Rgba, width: f32) -> Self {
        Self {
            color,
            width,
            dashed: false,
        }
    }
}

/// One thing to paint, in screen coordinates of the view it was built for (y down).
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Circle {
        center: [f32; 2],
        radius: f32,
        fill: Option<Rgba>,
        outline: Option<Line>,
    },
    /// A point marker of a layer: its shape filled, with the white rim.
    Symbol {
        center: [f32; 2],
        symbol: Symbol,
        radius: f32,
        fill: Rgba,
    },
    /// An open polyline.
    Path { points: Vec<[f32; 2]>, line: Line },
    /// A filled rounded rectangle `[min_x, min_y, max_x, max_y]` (backdrops).
    Panel {
        rect: [f32; 4],
        corner: f32,
        fill: Rgba,
    },
    /// Text centred on `center`, lines centred on one another, in the bundled font.
    Text {
        center: [f32; 2],
        text: String,
        px: f32,
        color: Rgba,
        halo: Option<Rgba>,
    },
}
