// Layer fills and outlines from buffers uploaded once per zoom band: the CPU only sends
// this transform each frame.

struct View {
    // Mercator offset of the view centre from the band origin (f32 after subtracting in f64).
    center: vec2<f32>,
    // Screen points per Mercator unit.
    scale: f32,
    // Layer opacity, multiplies the premultiplied colours.
    opacity: f32,
    // Half the viewport size, points.
    half_size: vec2<f32>,
    // Half the line width plus the anti-aliasing fringe, points.
    half_width: f32,
    // Fringe width, points (one pixel).
    fringe: f32,
};

@group(0) @binding(0) var<uniform> view: View;

struct Out {
    @builtin(position) position: vec4<f32>,
    @location(0) color: vec4<f32>,
    // Signed distance from the line centre, points (0 for fills).
    @location(1) across: f32,
};

fn to_screen(p: vec2<f32>) -> vec2<f32> {
    return (p - view.center) * view.scale;
}

fn to_clip(s: vec2<f32>) -> vec4<f32> {
    return vec4<f32>(s.x / view.half_size.x, -s.y / view.half_size.y, 0.0, 1.0);
}

@vertex
fn vs_fill(@location(0) p: vec2<f32>, @location(1) color: u32) -> Out {
    var out: Out;
    out.position = to_clip(to_screen(p));
    out.color = unpack4x8unorm(color) * view.opacity;
    out.across = 0.0;
    return out;
}

// One instance per segment a→b; six vertices make its quad, widened by half the width on
// each side and lengthened by as much at both ends so consecutive segments join.
@vertex
fn vs_line(
    @builtin(vertex_index) corner: u32,
    @location(0) a: vec2<f32>,
    @location(1) b: vec2<f32>,
    @location(2) color: u32,
) -> Out {
    var out: Out;
    out.color = unpack4x8unorm(color) * view.opacity;
    if (a.x > 1.0e30 || b.x > 1.0e30) {
        // A polyline break: collapse the quad.
        out.position = vec4<f32>(0.0, 0.0, 0.0, 1.0);
        out.across = 0.0;
        return out;
    }
    let sa = to_screen(a);
    let sb = to_screen(b);
    let d = sb - sa;
    let len = length(d);
    var dir = vec2<f32>(1.0, 0.0);
    if (len > 1.0e-6) {
        dir = d / len;
    }
    let normal = vec2<f32>(-dir.y, dir.x);
    // Corners: (end, side) for two triangles.
    var ends = array<f32, 6>(0.0, 1.0, 0.0, 0.0, 1.0, 1.0);
    var sides = array<f32, 6>(-1.0, -1.0, 1.0, 1.0, -1.0, 1.0);
    let t = ends[corner];
    let side = sides[corner];
    let along = (t * 2.0 - 1.0) * (view.half_width - view.fringe * 0.5);
    let s = mix(sa, sb, t) + dir * along + normal * side * view.half_width;
    out.position = to_clip(s);
    out.across = side * view.half_width;
    return out;
}

fn line_color(in: Out) -> vec4<f32> {
    // Full inside the line, fading to nothing across the one-pixel fringe.
    let coverage = clamp((view.half_width - abs(in.across)) / view.fringe, 0.0, 1.0);
    return in.color * coverage;
}

@fragment
fn fs_fill(in: Out) -> @location(0) vec4<f32> {
    return in.color;
}

@fragment
fn fs_line(in: Out) -> @location(0) vec4<f32> {
    return line_color(in);
}

fn linear_from_gamma(c: vec4<f32>) -> vec4<f32> {
    let rgb = c.rgb;
    let lower = rgb / vec3<f32>(12.92);
    let higher = pow((rgb + vec3<f32>(0.055)) / vec3<f32>(1.055), vec3<f32>(2.4));
    return vec4<f32>(select(higher, lower, rgb < vec3<f32>(0.04045)), c.a);
}

@fragment
fn fs_fill_linear(in: Out) -> @location(0) vec4<f32> {
    return linear_from_gamma(in.color);
}

@fragment
fn fs_line_linear(in: Out) -> @location(0) vec4<f32> {
    return linear_from_gamma(line_color(in));
}
