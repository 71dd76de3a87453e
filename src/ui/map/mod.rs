//! The map in the window: the walkers widget and its state ([`view`]), wheel, keys and
//! touch turned into view changes ([`input`]), the layers painted from prepared geometry
//! ([`layers`], through the GPU where there is one: [`gpu`]), the shared marks painted with
//! egui ([`marks`]) and the measure tool ([`measure`]).

pub mod gpu;
pub mod input;
pub mod layers;
pub mod marks;
pub mod measure;
pub mod pick;
pub mod select;
pub mod view;
