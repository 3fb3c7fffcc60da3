import COpenBLAS

/// Float32 matrix products over OpenBLAS, row-major, in the three forms a linear layer's forward
/// and backward passes need. Weights are stored `[out, in]` as PyTorch's `nn.Linear` keeps them.
enum MatrixProduct {
    /// `C[m, n] = alpha · op(A) · op(B) + beta · C`, with leading dimensions, row-major.
    /// `transposeA`: A is stored `[k, m]`; `transposeB`: B is stored `[n, k]`.
    static func gemm(_ transposeA: Bool, _ transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                     _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int,
                     beta: Float, _ c: UnsafeMutablePointer<Float>, ldc: Int) {
        guard m > 0, n > 0 else { return }
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// `Y[rows, out] = X[rows, in] · Wᵀ` with `W[out, in]` (beta 0: Y is overwritten; 1: added to).
    static func linear(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                       rows: Int, inputs: Int, outputs: Int, alpha: Float = 1, beta: Float = 0) {
        gemm(false, true, m: rows, n: outputs, k: inputs, alpha: alpha, x, lda: inputs, w, ldb: inputs, beta: beta, y, ldc: outputs)
    }

    /// `dX[rows, in] += dY[rows, out] · W[out, in]`.
    static func linearInputGradient(_ dx: UnsafeMutablePointer<Float>, _ dy: UnsafePointer<Float>, _ w: UnsafePointer<Float>,
                                    rows: Int, inputs: Int, outputs: Int, alpha: Float = 1) {
        gemm(false, false, m: rows, n: inputs, k: outputs, alpha: alpha, dy, lda: outputs, w, ldb: inputs, beta: 1, dx, ldc: inputs)
    }

    /// `dW[out, in] += dYᵀ[out, rows] · X[rows, in]`.
    static func linearWeightGradient(_ dw: UnsafeMutablePointer<Float>, _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                                     rows: Int, inputs: Int, outputs: Int, alpha: Float = 1) {
        gemm(true, false, m: outputs, n: inputs, k: rows, alpha: alpha, dy, lda: outputs, x, ldb: inputs, beta: 1, dw, ldc: inputs)
    }
}
