//! Polygon and line layers drawn by the GPU from buffers uploaded once per zoom band and
//! style: a frame costs the CPU a few uniforms and a chunk cull, however many vertices the
//! layer has (the ≤ 8 ms frame target with millions of vertices). Without a wgpu renderer
//! the map falls back to egui shapes (`map_view`).

use std::collections::HashMap;
use std::sync::Arc;

use eframe::egui_wgpu::{self, CallbackResources, CallbackTrait, wgpu};
use wgpu::util::DeviceExt as _;

use crate::geometry::ViewTransform;
use crate::model::Rgba;
use crate::render::gpu_buffers::{BandBuffers, Chunk, build_band_buffers, visible_chunks};
use crate::render::prepared::Shapes;

/// Identifies a band's buffers: the prepared shapes (`FrameShapes::id`) and the style
/// generation they are coloured with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BandKey {
    pub shapes: u64,
    pub generation: u64,
}

/// Band buffers kept on the GPU, and the bytes they may take together; the least recently
/// drawn go first (never one drawn this frame).
const MAX_GPU_BANDS: usize = 12;
const MAX_GPU_BYTES: usize = 192 << 20;

#[repr(C)]
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct ViewUniform {
    center: [f32; 2],
    scale: f32,
    opacity: f32,
    half_size: [f32; 2],
    half_width: f32,
    fringe: f32,
}

struct GpuBand {
    origin: [f64; 2],
    chunks: Vec<Chunk>,
    fill: Option<(wgpu::Buffer, wgpu::Buffer, wgpu::Buffer)>,
    lines: Option<(wgpu::Buffer, wgpu::Buffer)>,
    uniform: wgpu::Buffer,
    bind_group: wgpu::BindGroup,
    /// Chunks to draw this frame (index and segment ranges).
    draw: Vec<(std::ops::Range<u32>, std::ops::Range<u32>)>,
    /// egui pass that last drew it.
    last_used: u64,
    bytes: usize,
}

/// Pipelines and uploaded bands, kept in egui-wgpu's callback resources.
pub struct MapGpu {
    fill_pipeline: wgpu::RenderPipeline,
    line_pipeline: wgpu::RenderPipeline,
    layout: wgpu::BindGroupLayout,
    bands: HashMap<BandKey, GpuBand>,
}

/// Registers the map pipelines with the window's renderer; false when there is none.
pub fn install(render_state: Option<&egui_wgpu::RenderState>) -> bool {
    let Some(rs) = render_state else {
        return false;
    };
    let gpu = MapGpu::new(&rs.device, rs.target_format);
    rs.renderer.write().callback_resources.insert(gpu);
    true
}

impl MapGpu {
    fn new(device: &wgpu::Device, format: wgpu::TextureFormat) -> Self {
        let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("atlas_map"),
            source: wgpu::ShaderSource::Wgsl(include_str!("gpu.wgsl").into()),
        });
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("atlas_map_view"),
            entries: &[wgpu::BindGroupLayoutEntry {
                binding: 0,
                visibility: wgpu::ShaderStages::VERTEX | wgpu::ShaderStages::FRAGMENT,
                ty: wgpu::BindingType::Buffer {
                    ty: wgpu::BufferBindingType::Uniform,
                    has_dynamic_offset: false,
                    min_binding_size: None,
                },
                count: None,
            }],
        });
        let pipeline_layout = device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
            label: Some("atlas_map"),
            bind_group_layouts: &[Some(&layout)],
            immediate_size: 0,
        });
        let linear = format.is_srgb();
        let pipeline = |vs: &str, fs: &str, buffers: &[Option<wgpu::VertexBufferLayout<'_>>]| {
            device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
                label: Some(vs),
                layout: Some(&pipeline_layout),
                vertex: wgpu::VertexState {
                    module: &module,
                    entry_point: Some(vs),
                    buffers,
                    compilation_options: Default::default(),
                },
                primitive: wgpu::PrimitiveState::default(),
                depth_stencil: None,
                multisample: wgpu::MultisampleState::default(),
                fragment: Some(wgpu::FragmentState {
                    module: &module,
                    entry_point: Some(fs),
                    targets: &[Some(wgpu::ColorTargetState {
                        format,
                        blend: Some(wgpu::BlendState::PREMULTIPLIED_ALPHA_BLENDING),
                        write_mask: wgpu::ColorWrites::ALL,
                    })],
                    compilation_options: Default::default(),
                }),
                multiview_mask: None,
                cache: None,
            })
        };
        let fill_pipeline = pipeline(
            "vs_fill",
            if linear { "fs_fill_linear" } else { "fs_fill" },
            &[
                Some(wgpu::VertexBufferLayout {
                    array_stride: 8,
                    step_mode: wgpu::VertexStepMode::Vertex,
                    attributes: &wgpu::vertex_attr_array![0 => Float32x2],
                }),
                Some(wgpu::VertexBufferLayout {
                    array_stride: 4,
                    step_mode: wgpu::VertexStepMode::Vertex,
                    attributes: &wgpu::vertex_attr_array![1 => Uint32],
                }),
            ],
        );
        // Segment i reads point i from slot 0 and point i + 1 from slot 1, the same buffer
        // bound one point further on.
        let line_pipeline = pipeline(
            "vs_line",
            if linear { "fs_line_linear" } else { "fs_line" },
            &[
                Some(wgpu::VertexBufferLayout {
                    array_stride: 8,
                    step_mode: wgpu::VertexStepMode::Instance,
                    attributes: &wgpu::vertex_attr_array![0 => Float32x2],
                }),
                Some(wgpu::VertexBufferLayout {
                    array_stride: 8,
                    step_mode: wgpu::VertexStepMode::Instance,
                    attributes: &wgpu::vertex_attr_array![1 => Float32x2],
                }),
                Some(wgpu::VertexBufferLayout {
                    array_stride: 4,
                    step_mode: wgpu::VertexStepMode::Instance,
                    attributes: &wgpu::vertex_attr_array![2 => Uint32],
                }),
            ],
        );
        Self {
            fill_pipeline,
            line_pipeline,
            layout,
            bands: HashMap::new(),
        }
    }

    fn upload(&self, device: &wgpu::Device, buffers: &BandBuffers) -> GpuBand {
        let init = |label: &str, contents: &[u8], usage: wgpu::BufferUsages| {
            device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
                label: Some(label),
                contents,
                usage,
            })
        };
        let vertex = wgpu::BufferUsages::VERTEX;
        let fill = (!buffers.fill_indices.is_empty()).then(|| {
            (
                init(
                    "atlas_fill_positions",
                    bytemuck::cast_slice(&buffers.fill_positions),
                    vertex,
                ),
                init(
                    "atlas_fill_colors",
                    bytemuck::cast_slice(&buffers.fill_colors),
                    vertex,
                ),
                init(
                    "atlas_fill_indices",
                    bytemuck::cast_slice(&buffers.fill_indices),
                    wgpu::BufferUsages::INDEX,
                ),
            )
        });
        let lines = (buffers.line_points.len() >= 2).then(|| {
            (
                init(
                    "atlas_line_points",
                    bytemuck::cast_slice(&buffers.line_points),
                    vertex,
                ),
                init(
                    "atlas_line_colors",
                    bytemuck::cast_slice(&buffers.line_colors),
                    vertex,
                ),
            )
        });
        let uniform = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("atlas_map_view"),
            size: std::mem::size_of::<ViewUniform>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let bind_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("atlas_map_view"),
            layout: &self.layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: uniform.as_entire_binding(),
            }],
        });
        GpuBand {
            origin: buffers.origin,
            chunks: buffers.chunks.clone(),
            fill,
            lines,
            uniform,
            bind_group,
            draw: Vec::new(),
            last_used: 0,
            bytes: buffers.byte_size(),
        }
    }

    /// Drops the least recently drawn bands beyond the count and byte budgets, keeping every
    /// band drawn in pass `current`.
    fn evict(&mut self, current: u64) {
        loop {
            let bytes: usize = self.bands.values().map(|b| b.bytes).sum();
            if self.bands.len() <= MAX_GPU_BANDS && bytes <= MAX_GPU_BYTES {
                return;
            }
            let Some(oldest) = self
                .bands
                .iter()
                .filter(|(_, b)| b.last_used < current)
                .min_by_key(|(_, b)| b.last_used)
                .map(|(k, _)| *k)
            else {
                return;
            };
            self.bands.remove(&oldest);
        }
    }
}

/// What the GPU needs to build a band's buffers if it has not got them yet.
pub struct BandSource {
    pub shapes: Shapes,
    pub colors: Arc<Vec<(Rgba, Rgba)>>,
}

/// One layer's fills and outlines in one frame.
pub struct LayerDraw {
    pub key: BandKey,
    pub source: BandSource,
    pub view: ViewTransform,
    /// The map rectangle the callback covers, points.
    pub rect: egui::Rect,
    pub opacity: f32,
    pub line_width: f32,
    pub pixels_per_point: f32,
    /// egui's pass number: bands drawn in this pass are never evicted during it.
    pub pass: u64,
}

impl CallbackTrait for LayerDraw {
    fn prepare(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        _screen: &egui_wgpu::ScreenDescriptor,
        _encoder: &mut wgpu::CommandEncoder,
        resources: &mut CallbackResources,
    ) -> Vec<wgpu::CommandBuffer> {
        let Some(gpu) = resources.get_mut::<MapGpu>() else {
            return Vec::new();
        };
        if !gpu.bands.contains_key(&self.key) {
            let buffers = build_band_buffers(&self.source.shapes, &self.source.colors);
            let mut band = gpu.upload(device, &buffers);
            band.last_used = self.pass;
            gpu.bands.insert(self.key, band);
            gpu.evict(self.pass);
        }
        let Some(band) = gpu.bands.get_mut(&self.key) else {
            return Vec::new();
        };
        band.last_used = self.pass;
        let v = &self.view;
        let half = [self.rect.width() / 2.0, self.rect.height() / 2.0];
        // The rect centre may differ from the view's screen centre by a fraction of a point.
        let dx = f64::from(self.rect.center().x - v.screen_center[0]) / v.scale;
        let dy = f64::from(self.rect.center().y - v.screen_center[1]) / v.scale;
        let fringe = 1.0 / self.pixels_per_point;
        let uniform = ViewUniform {
            center: [
                (v.center[0] + dx - band.origin[0]) as f32,
                (v.center[1] + dy - band.origin[1]) as f32,
            ],
            scale: v.scale as f32,
            opacity: self.opacity,
            half_size: half,
            half_width: self.line_width / 2.0 + fringe / 2.0,
            fringe,
        };
        queue.write_buffer(&band.uniform, 0, bytemuck::bytes_of(&uniform));
        let visible = {
            let [x0, y0, x1, y1] = v.visible_box(self.rect.width(), self.rect.height());
            [x0 + dx, y0 + dy, x1 + dx, y1 + dy]
        };
        band.draw = visible_chunks(&band.chunks, visible)
            .map(|c| (c.indices.clone(), c.segments.clone()))
            .collect();
        Vec::new()
    }

    fn paint(
        &self,
        _info: egui::PaintCallbackInfo,
        pass: &mut wgpu::RenderPass<'static>,
        resources: &CallbackResources,
    ) {
        let Some(gpu) = resources.get::<MapGpu>() else {
            return;
        };
        let Some(band) = gpu.bands.get(&self.key) else {
            return;
        };
        pass.set_bind_group(0, &band.bind_group, &[]);
        if let Some((positions, colors, indices)) = &band.fill {
            pass.set_pipeline(&gpu.fill_pipeline);
            pass.set_vertex_buffer(0, positions.slice(..));
            pass.set_vertex_buffer(1, colors.slice(..));
            pass.set_index_buffer(indices.slice(..), wgpu::IndexFormat::Uint32);
            for (range, _) in &band.draw {
                if !range.is_empty() {
                    pass.draw_indexed(range.clone(), 0, 0..1);
                }
            }
        }
        if self.line_width > 0.0
            && let Some((points, colors)) = &band.lines
        {
            pass.set_pipeline(&gpu.line_pipeline);
            pass.set_vertex_buffer(0, points.slice(..));
            pass.set_vertex_buffer(1, points.slice(8..));
            pass.set_vertex_buffer(2, colors.slice(..));
            for (_, segments) in &band.draw {
                if !segments.is_empty() {
                    pass.draw(0..6, segments.clone());
                }
            }
        }
    }
}
