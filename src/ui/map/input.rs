//! What the wheel, a pinch, a double-click and the keyboard do to the map, as in QGIS and
//! Leaflet: a wheel notch is one zoom level around the pointer, arrows pan, + and − zoom,
//! Home fits Chongqing. The zoom stays within [`MIN_ZOOM`]–[`MAX_ZOOM`]: past 19 the basemap
//! is blank paper, below 3 the world repeats.

use egui::{Event, Key, MouseWheelUnit, Pos2, Response, Ui, Vec2};

use crate::geometry::ViewTransform;

pub const MIN_ZOOM: f64 = 3.0;
pub const MAX_ZOOM: f64 = crate::geometry::projection::MAX_MAP_ZOOM;

/// Touchpads scroll in points: this many make one zoom level.
const POINTS_PER_LEVEL: f64 = 100.0;

/// Share of the map's size an arrow key pans by.
const PAN_SHARE: f32 = 0.2;

/// A change of view asked for this frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ViewChange {
    /// Zoom by `levels`, keeping the place under `around` where it is (the centre if `None`).
    Zoom {
        levels: f64,
        around: Option<Pos2>,
    },
    /// Move the view by screen points (x east, y south).
    Pan(Vec2),
    FitChongqing,
}

pub fn clamp_zoom(zoom: f64) -> f64 {
    zoom.clamp(MIN_ZOOM, MAX_ZOOM)
}

/// Wheel notches, pinches and double-clicks over the map this frame.
pub fn pointer_zoom(ui: &Ui, response: &Response) -> Option<ViewChange> {
    let pointer = response.hover_pos()?;
    let mut levels = ui.input(|i| wheel_levels(&i.events, x11_doubles_notches()));
    if response.double_clicked() {
        levels += 1.0;
    }
    (levels != 0.0).then_some(ViewChange::Zoom {
        levels,
        around: Some(pointer),
    })
}

/// Zoom levels asked for by these wheel and pinch events. With `doubled_notches`, a line
/// event repeated within the frame counts once (see [`x11_doubles_notches`]).
pub fn wheel_levels(events: &[Event], doubled_notches: bool) -> f64 {
    let mut last_line = None;
    let mut levels = 0.0;
    for event in events {
        levels += match event {
            Event::MouseWheel {
                unit: MouseWheelUnit::Line | MouseWheelUnit::Page,
                delta,
                ..
            } => {
                let repeated = doubled_notches && last_line == Some(*delta);
                last_line = Some(*delta);
                if repeated { 0.0 } else { f64::from(delta.y) }
            }
            Event::MouseWheel {
                unit: MouseWheelUnit::Point,
                delta,
                ..
            } => f64::from(delta.y) / POINTS_PER_LEVEL,
            Event::Zoom(factor) if *factor > 0.0 => f64::from(*factor).log2(),
            _ => 0.0,
        };
    }
    levels
}

/// Under X11, a wheel notch sent as a core button event (xdotool, XTEST, some drivers)
/// reaches winit twice in the same frame: as the button and as the scroll valuator the server
/// emulates from it. Measured under Xvfb (`tools/check_x11_input.sh`): one notch, two
/// line events, two zoom levels. There, a repeat within one frame counts once.
fn x11_doubles_notches() -> bool {
    static X11: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *X11.get_or_init(|| {
        cfg!(target_os = "linux")
            && std::env::var_os("DISPLAY").is_some()
            && std::env::var_os("WAYLAND_DISPLAY").is_none()
    })
}

/// Arrows, + / − and Home, unless a text field has the keyboard or a menu is open (the keys
/// are the menu's then).
pub fn key_view_change(ui: &Ui, map_size: Vec2) -> Option<ViewChange> {
    if ui.ctx().egui_wants_keyboard_input() || egui::Popup::is_any_open(ui.ctx()) {
        return None;
    }
    let step = map_size * PAN_SHARE;
    ui.input(|i| {
        let pressed = |key| i.key_pressed(key);
        if pressed(Key::ArrowLeft) {
            Some(ViewChange::Pan(Vec2::new(-step.x, 0.0)))
        } else if pressed(Key::ArrowRight) {
            Some(ViewChange::Pan(Vec2::new(step.x, 0.0)))
        } else if pressed(Key::ArrowUp) {
            Some(ViewChange::Pan(Vec2::new(0.0, -step.y)))
        } else if pressed(Key::ArrowDown) {
            Some(ViewChange::Pan(Vec2::new(0.0, step.y)))
        } else if pressed(Key::Plus) || pressed(Key::Equals) {
            Some(ViewChange::Zoom {
                levels: 1.0,
                around: None,
            })
        } else if pressed(Key::Minus) {
            Some(ViewChange::Zoom {
                levels: -1.0,
                around: None,
            })
        } else if pressed(Key::Home) {
            Some(ViewChange::FitChongqing)
        } else {
            None
        }
    })
}

/// The Mercator centre and zoom after a pan or zoom of `view` (`FitChongqing` is the
/// caller's: it needs the map's size).
pub fn changed_view(view: &ViewTransform, change: ViewChange) -> Option<([f64; 2], f64)> {
    match change {
        ViewChange::Pan(d) => {
            let [x, y] = view.screen_center;
            Some((view.from_screen([x + d.x, y + d.y]), view.zoom()))
        }
        ViewChange::Zoom { levels, around } => {
            let zoom = clamp_zoom(view.zoom() + levels);
            let around = around.map_or(view.screen_center, |p| [p.x, p.y]);
            let fixed = view.from_screen(around);
            // The place under the pointer stays there: its offset from the centre scales.
            let shrink = (view.zoom() - zoom).exp2();
            let center = [
                fixed[0] - (fixed[0] - view.center[0]) * shrink,
                fixed[1] - (fixed[1] - view.center[1]) * shrink,
            ];
            Some((center, zoom))
        }
        ViewChange::FitChongqing => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notch(y: f32) -> Event {
        Event::MouseWheel {
            unit: MouseWheelUnit::Line,
            delta: Vec2::new(0.0, y),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Unknown,
            modifiers: egui::Modifiers::NONE,
        }
    }

    #[test]
    fn a_notch_x11_delivers_twice_counts_once_and_a_two_notch_event_twice() {
        assert_eq!(wheel_levels(&[notch(1.0), notch(1.0)], true), 1.0);
        assert_eq!(wheel_levels(&[notch(1.0), notch(1.0)], false), 2.0);
        assert_eq!(wheel_levels(&[notch(-2.0)], true), -2.0);
        assert_eq!(wheel_levels(&[notch(1.0), notch(-1.0)], true), 0.0);
    }
    use crate::geometry::lonlat_to_mercator;

    #[test]
    fn zooming_keeps_the_place_under_the_pointer_and_stays_in_range() {
        let view = ViewTransform::new(lonlat_to_mercator(106.5, 29.5), 10.0, [400.0, 300.0]);
        let pointer = Pos2::new(600.0, 200.0);
        let under = view.screen_to_lonlat([pointer.x, pointer.y]);
        let change = ViewChange::Zoom {
            levels: 1.0,
            around: Some(pointer),
        };
        let (center, zoom) = changed_view(&view, change).unwrap();
        assert_eq!(zoom, 11.0);
        let after = ViewTransform::new(center, zoom, view.screen_center);
        let still = after.screen_to_lonlat([pointer.x, pointer.y]);
        assert!((still.0 - under.0).abs() < 1e-9 && (still.1 - under.1).abs() < 1e-9);
        let far_in = ViewChange::Zoom {
            levels: 30.0,
            around: None,
        };
        assert_eq!(changed_view(&view, far_in).unwrap().1, MAX_ZOOM);
        let far_out = ViewChange::Zoom {
            levels: -30.0,
            around: None,
        };
        assert_eq!(changed_view(&view, far_out).unwrap().1, MIN_ZOOM);
    }
}
