"""Reference solution for assignment 06_cnn (convolutional neural networks).

Each ``# %% [answer] <question id>`` section below is pasted verbatim into the answer cell of that
question by ``autograder solve``. A section may only use the names imported by the notebook's setup
cell (``np``, ``torch``, ``nn``, ``F``, ``plt``) and the names it defines itself.

Conventions: images are channel-first like PyTorch, a batch has shape ``(N, C, H, W)``; NumPy work
is float64. "Convolution" in a CNN is cross-correlation: the kernel is never flipped.
"""

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

# %% [answer] q1_output_size


def conv_output_size(n: int, k: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """floor((n + 2p - d(k - 1) - 1) / s) + 1; ValueError when the result would be < 1."""
    span = dilation * (k - 1) + 1  # the dilated kernel covers this many input pixels
    room = n + 2 * padding - span
    if room < 0:
        raise ValueError(f"a kernel spanning {span} pixels does not fit into {n} + 2*{padding}")
    return room // stride + 1


def pool_output_size(n: int, size: int, stride: int | None = None) -> int:
    """Pooling is a convolution-shaped window without padding; the stride defaults to size."""
    stride = size if stride is None else stride
    return conv_output_size(n, size, stride=stride)


def conv_transpose_output_size(n: int, k: int, stride: int = 1, padding: int = 0,
                               output_padding: int = 0, dilation: int = 1) -> int:
    """(n - 1) s - 2p + d(k - 1) + output_padding + 1; ValueError when the result would be < 1."""
    out = (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
    if out < 1:
        raise ValueError(f"transposed convolution output size {out} < 1")
    return out


# %% [answer] q2_conv2d


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, stride: int = 1,
           padding: int = 0, dilation: int = 1) -> np.ndarray:
    """Cross-correlation of x (N, C_in, H, W) with w (C_out, C_in, kH, kW) plus bias b (C_out,).

    Returns float64 (N, C_out, H_out, W_out) with H_out = floor((H + 2p - d(kH-1) - 1)/s) + 1.
    """
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    kh, kw = w.shape[2], w.shape[3]
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    span_h, span_w = dilation * (kh - 1) + 1, dilation * (kw - 1) + 1
    # windows[n, c, i, j, a, b] = xp[n, c, i + a, j + b] for every top-left corner (i, j)
    windows = np.lib.stride_tricks.sliding_window_view(xp, (span_h, span_w), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride, ::dilation, ::dilation]
    out = np.einsum("ncijab,ocab->noij", windows, w)
    if b is not None:
        out = out + np.asarray(b, dtype=np.float64)[None, :, None, None]
    return np.ascontiguousarray(out)


def convolve2d(x: np.ndarray, k: np.ndarray) -> np.ndarray:
    """True 2-D convolution ("valid") of one image x (H, W) with k (kH, kW): the flipped kernel."""
    x = np.asarray(x, dtype=np.float64)
    k = np.asarray(k, dtype=np.float64)
    return conv2d(x[None, None], k[::-1, ::-1][None, None])[0, 0]


# %% [answer] q3_pool2d


def pool2d(x: np.ndarray, size: int, stride: int | None = None, mode: str = "max") -> np.ndarray:
    """Max or average pooling of x (N, C, H, W) over size x size windows, no padding.

    The stride defaults to size. Returns float64 (N, C, H_out, W_out), H_out = (H - size)//s + 1.
    ValueError for a mode other than "max" or "avg".
    """
    if mode not in ("max", "avg"):
        raise ValueError(f"unknown pooling mode {mode!r}")
    stride = size if stride is None else stride
    x = np.asarray(x, dtype=np.float64)
    windows = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    if mode == "max":
        return np.ascontiguousarray(windows.max(axis=(4, 5)))
    return np.ascontiguousarray(windows.mean(axis=(4, 5)))


# %% [answer] q4_conv_transpose


def conv_transpose2d(x: np.ndarray, w: np.ndarray, stride: int = 1, padding: int = 0) -> np.ndarray:
    """Transposed convolution of x (N, C_in, H, W) with w (C_in, C_out, kH, kW), as in PyTorch.

    Every input pixel scatters its value times the kernel into the output, at offset (i s, j s);
    then `padding` rows/columns are cut from every border. Returns float64
    (N, C_out, (H - 1)s - 2p + kH, (W - 1)s - 2p + kW).
    """
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    n, _, h, wd = x.shape
    c_out, kh, kw = w.shape[1], w.shape[2], w.shape[3]
    full = np.zeros((n, c_out, (h - 1) * stride + kh, (wd - 1) * stride + kw))
    for i in range(h):
        for j in range(wd):
            # contribution of pixel (i, j): sum over input channels of x * kernel
            patch = np.einsum("nc,cokl->nokl", x[:, :, i, j], w)
            full[:, :, i * stride:i * stride + kh, j * stride:j * stride + kw] += patch
    return full[:, :, padding:full.shape[2] - padding, padding:full.shape[3] - padding].copy()


# %% [answer] q5_batchnorm


def batchnorm_forward(x: torch.Tensor, gamma: torch.Tensor, beta: torch.Tensor,
                      eps: float = 1e-5) -> torch.Tensor:
    """Training-mode batch norm of x (N, C) or (N, C, H, W) with per-channel gamma, beta (C,).

    Statistics per channel over every axis except 1, with the biased variance (divide by the
    count m): y = gamma (x - mean) / sqrt(var + eps) + beta. Same shape and dtype as x.
    """
    dims = [0, *range(2, x.dim())]
    shape = [1, -1] + [1] * (x.dim() - 2)
    mean = x.mean(dim=dims, keepdim=True)
    var = ((x - mean) ** 2).mean(dim=dims, keepdim=True)
    x_hat = (x - mean) / torch.sqrt(var + eps)
    return gamma.reshape(shape) * x_hat + beta.reshape(shape)


def update_running_stats(running_mean: torch.Tensor, running_var: torch.Tensor, x: torch.Tensor,
                         momentum: float = 0.1) -> tuple[torch.Tensor, torch.Tensor]:
    """New running statistics (1 - momentum) old + momentum batch, per channel (C,).

    As in PyTorch, the running variance is fed with the *unbiased* batch variance (divide by
    m - 1), although the forward pass normalises with the biased one. No gradients needed.
    """
    with torch.no_grad():
        dims = [0, *range(2, x.dim())]
        m = x.numel() // x.shape[1]
        mean = x.mean(dim=dims)
        var_unbiased = ((x - mean.reshape([1, -1] + [1] * (x.dim() - 2))) ** 2).sum(dim=dims) \
            / (m - 1)
        new_mean = (1 - momentum) * running_mean + momentum * mean
        new_var = (1 - momentum) * running_var + momentum * var_unbiased
    return new_mean, new_var


# %% [answer] q6_init


def glorot_uniform_bound(n_in: int, n_out: int) -> float:
    """Glorot/Xavier uniform limit a = sqrt(6 / (n_in + n_out)); weights ~ U(-a, a)."""
    return float(np.sqrt(6.0 / (n_in + n_out)))


def he_normal_std(n_in: int) -> float:
    """He/Kaiming normal standard deviation sqrt(2 / n_in) (the variance is 2 / n_in)."""
    return float(np.sqrt(2.0 / n_in))


def glorot_uniform(n_in: int, n_out: int, seed: int) -> torch.Tensor:
    """A float64 weight matrix (n_out, n_in) drawn from U(-a, a) with a torch.Generator(seed)."""
    gen = torch.Generator().manual_seed(seed)
    a = glorot_uniform_bound(n_in, n_out)
    u = torch.rand((n_out, n_in), generator=gen, dtype=torch.float64)
    return (2.0 * u - 1.0) * a


def he_normal(n_in: int, n_out: int, seed: int) -> torch.Tensor:
    """A float64 weight matrix (n_out, n_in) from N(0, 2 / n_in) with torch.Generator(seed)."""
    gen = torch.Generator().manual_seed(seed)
    z = torch.randn((n_out, n_in), generator=gen, dtype=torch.float64)
    return z * he_normal_std(n_in)


# %% [answer] q7_digits_cnn


def conv_block(x: torch.Tensor, w: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """max_pool2d(relu(conv2d(x, w, b, padding=1)), 2): (N, C_in, H, W) -> (N, C_out, H/2, W/2)."""
    return F.max_pool2d(F.relu(F.conv2d(x, w, b, padding=1)), 2)


class SmallCNN(nn.Module):
    """conv 1->8 (3x3, pad 1) + ReLU + pool 2 -> conv 8->16 + ReLU + pool 2 -> linear 64 -> 10."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 8, 3, padding=1)
        self.conv2 = nn.Conv2d(8, 16, 3, padding=1)
        self.fc = nn.Linear(16 * 2 * 2, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = conv_block(x, self.conv1.weight, self.conv1.bias)  # (N, 8, 4, 4)
        x = conv_block(x, self.conv2.weight, self.conv2.bias)  # (N, 16, 2, 2)
        return self.fc(x.flatten(1))


def train_cnn(X: np.ndarray, y: np.ndarray, seed: int = 0, steps: int = 200, lr: float = 1e-2,
              batch_size: int = 64) -> SmallCNN:
    """Adam on the cross-entropy for `steps` minibatches; returns the trained model on the CPU.

    X: (N, 8, 8) pixel values 0..16 (as load_digits gives them), y: (N,) int labels 0..9.
    """
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = SmallCNN().to(device=device, dtype=torch.float32)
    Xt = torch.as_tensor(np.asarray(X) / 16.0, dtype=torch.float32, device=device).unsqueeze(1)
    yt = torch.as_tensor(np.asarray(y), dtype=torch.int64, device=device)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(steps):
        idx = torch.randint(0, len(yt), (batch_size,), generator=gen).to(device)
        loss = F.cross_entropy(model(Xt[idx]), yt[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    return model.cpu().eval()


def predict(model: nn.Module, X: np.ndarray) -> np.ndarray:
    """Predicted labels, int64 array (N,), for X (N, 8, 8) with pixel values 0..16."""
    Xt = torch.as_tensor(np.asarray(X) / 16.0, dtype=torch.float32).unsqueeze(1)
    with torch.no_grad():
        logits = model(Xt)
    return logits.argmax(dim=1).numpy().astype(np.int64)
