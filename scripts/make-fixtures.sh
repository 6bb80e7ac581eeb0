#!/usr/bin/env bash
# Makes the small media fixtures the video tests play: a 12 s, three-rendition HLS clip
# (240p/360p/480p, H.264/AAC, 2 s fMP4 segments; not .ts, which TypeScript would try to compile) and a 360p MP4 of the same content.
# The outputs are committed so tests never need ffmpeg; rerun only to change the fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=test/fixtures/hls
rm -rf "$OUT" && mkdir -p "$OUT"

DUR=12
# testsrc2 has a moving pattern and a frame counter (useful when debugging playback by eye);
# sine audio keeps the audio track cheap. Fixed GOP = 2 s so every segment starts with a keyframe.
SRC=(-f lavfi -i "testsrc2=size=854x480:rate=25:duration=$DUR" -f lavfi -i "sine=frequency=440:sample_rate=44100:duration=$DUR")
X264=(-c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p -g 50 -keyint_min 50 -sc_threshold 0)

ffmpeg -hide_banner -loglevel error -y "${SRC[@]}" \
  -filter_complex "[0:v]split=3[a][b][c];[a]scale=426:240[v0];[b]scale=640:360[v1];[c]scale=854:480[v2]" \
  -map "[v0]" -map 1:a -map "[v1]" -map 1:a -map "[v2]" -map 1:a \
  "${X264[@]}" \
  -b:v:0 120k -maxrate:v:0 140k -bufsize:v:0 240k \
  -b:v:1 250k -maxrate:v:1 290k -bufsize:v:1 500k \
  -b:v:2 450k -maxrate:v:2 520k -bufsize:v:2 900k \
  -c:a aac -b:a 48k -ac 1 \
  -f hls -hls_time 2 -hls_playlist_type vod -hls_flags independent_segments \
  -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4 \
  -hls_segment_filename "$OUT/r%v/seg%d.m4s" \
  -master_pl_name master.m3u8 \
  -var_stream_map "v:0,a:0,name:0 v:1,a:1,name:1 v:2,a:2,name:2" \
  "$OUT/r%v/index.m3u8"

ffmpeg -hide_banner -loglevel error -y "${SRC[@]}" -vf scale=640:360 "${X264[@]}" -b:v 250k \
  -c:a aac -b:a 48k -ac 1 -movflags +faststart "$OUT/clip.mp4"

du -sh "$OUT"

# The same content as DASH (for Shaka Player and dash.js): three video representations and one audio
# adaptation set (representation 3), 2 s fMP4 segments, a static MPD with a SegmentTemplate.
# Segments are numbered from 1 (`r1-seg4.m4s` is 6-8 s of the 360p video).
DASH=test/fixtures/dash
rm -rf "$DASH" && mkdir -p "$DASH"
ffmpeg -hide_banner -loglevel error -y "${SRC[@]}" \
  -filter_complex "[0:v]split=3[a][b][c];[a]scale=426:240[v0];[b]scale=640:360[v1];[c]scale=854:480[v2]" \
  -map "[v0]" -map "[v1]" -map "[v2]" -map 1:a \
  "${X264[@]}" \
  -b:v:0 120k -maxrate:v:0 140k -bufsize:v:0 240k \
  -b:v:1 250k -maxrate:v:1 290k -bufsize:v:1 500k \
  -b:v:2 450k -maxrate:v:2 520k -bufsize:v:2 900k \
  -c:a aac -b:a 48k -ac 1 \
  -f dash -seg_duration 2 -use_template 1 -use_timeline 0 \
  -adaptation_sets "id=0,streams=v id=1,streams=a" \
  -init_seg_name 'init-$RepresentationID$.m4s' -media_seg_name 'r$RepresentationID$-seg$Number$.m4s' \
  "$DASH/manifest.mpd"
du -sh "$DASH"
